import fs from 'node:fs/promises';
import path from 'node:path';

// The smallest site that still does what the news site does for every article: a page per
// article, paginated lists (home, section, tag, author) and the feeds Hugo makes by default.
// No theme, so nothing is downloaded.
const CONFIG = `baseURL = "http://127.0.0.1/"
languageCode = "vi"
title = "Tin Vùng Cao"
paginate = 15
`;
const TAXONOMIES = `[taxonomies]
  tag = "tags"
  chuyenmuc = "section"
  tacgia = "author"
`;
// Without tag pages: at 100,000 articles the term pages are most of Hugo's work and memory.
const NO_TAXONOMIES = `disableKinds = ["taxonomy", "term"]
[taxonomies]
`;

const HEAD = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} - {{ site.Title }}</title></head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>`;

const SINGLE = `${HEAD}<main><article><h1>{{ .Title }}</h1><p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006 15:04" }}</time> · {{ .Params.author }} · {{ .Params.section }}</p>{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article></main></body></html>
`;

const LIST = `${HEAD}<main><h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Date.Format "02/01/2006" }}</p><p>{{ .Summary }}</p></article>{{ end }}{{ template "_internal/pagination.html" . }}</main></body></html>
`;

/**
 * A Hugo site over the very same Markdown files the news site imports (hard links, so the bytes
 * are identical), for `hugo --minify` beside the import. Files of a flat folder go to the
 * section `bai`; a folder of section folders keeps them, each a Hugo section.
 */
export async function writeHugoSite(
  hugoDir: string,
  articlesDir: string,
  { taxonomies = true }: { taxonomies?: boolean } = {},
): Promise<void> {
  const layoutsDir = path.join(hugoDir, 'layouts', '_default');
  await fs.mkdir(layoutsDir, { recursive: true });
  await fs.writeFile(
    path.join(hugoDir, 'config.toml'),
    CONFIG + (taxonomies ? TAXONOMIES : NO_TAXONOMIES),
  );
  await fs.writeFile(path.join(layoutsDir, 'single.html'), SINGLE);
  await fs.writeFile(path.join(layoutsDir, 'list.html'), LIST);
  const link = async (from: string, toDir: string) => {
    const to = path.join(toDir, path.basename(from));
    await fs.link(from, to).catch(() => fs.copyFile(from, to));
  };
  const flatDir = path.join(hugoDir, 'content', 'bai');
  for (const entry of await fs.readdir(articlesDir, { withFileTypes: true })) {
    const from = path.join(articlesDir, entry.name);
    if (!entry.isDirectory()) {
      await fs.mkdir(flatDir, { recursive: true });
      await link(from, flatDir);
      continue;
    }
    const sectionDir = path.join(hugoDir, 'content', entry.name);
    await fs.mkdir(sectionDir, { recursive: true });
    for (const name of await fs.readdir(from)) await link(path.join(from, name), sectionDir);
  }
}

import fs from 'node:fs/promises';
import path from 'node:path';

// The smallest site that still does what the news site does for every article: a page per
// article, paginated lists (home, section, tag, author) and the feeds Hugo makes by default.
// No theme, so nothing is downloaded.
const CONFIG = `baseURL = "http://127.0.0.1/"
languageCode = "vi"
title = "Tin Vùng Cao"
paginate = 15
[taxonomies]
  tag = "tags"
  chuyenmuc = "section"
  tacgia = "author"
`;

const HEAD = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} - {{ site.Title }}</title></head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>`;

const SINGLE = `${HEAD}<main><article><h1>{{ .Title }}</h1><p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006 15:04" }}</time> · {{ .Params.author }} · {{ .Params.section }}</p>{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article></main></body></html>
`;

const LIST = `${HEAD}<main><h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Date.Format "02/01/2006" }}</p><p>{{ .Summary }}</p></article>{{ end }}{{ template "_internal/pagination.html" . }}</main></body></html>
`;

/**
 * A Hugo site over the very same Markdown files the news site imports (hard links, so the bytes
 * are identical), for `hugo --minify` beside the import.
 */
export async function writeHugoSite(hugoDir: string, articlesDir: string): Promise<void> {
  const contentDir = path.join(hugoDir, 'content', 'bai');
  const layoutsDir = path.join(hugoDir, 'layouts', '_default');
  await fs.mkdir(contentDir, { recursive: true });
  await fs.mkdir(layoutsDir, { recursive: true });
  await fs.writeFile(path.join(hugoDir, 'config.toml'), CONFIG);
  await fs.writeFile(path.join(layoutsDir, 'single.html'), SINGLE);
  await fs.writeFile(path.join(layoutsDir, 'list.html'), LIST);
  for (const name of await fs.readdir(articlesDir)) {
    const from = path.join(articlesDir, name);
    const to = path.join(contentDir, name);
    await fs.link(from, to).catch(() => fs.copyFile(from, to));
  }
}

import path from 'node:path';
import {
  listArticlesToRender,
  listVersionRecords,
  storeRenderedVersions,
  type RenderedVersion,
  type VersionContent,
  type VersionRecord,
} from '../../db/article-versions.js';
import type { Database } from '../../db/types.js';
import { replaceProblems } from '../../db/file-problems.js';
import { advanceSiteFacts, type SiteFacts } from '../../db/site-facts.js';
import { listSourcesById } from '../../db/sources.js';
import type { ImageInfo } from '../../shared/responsive-image.js';
import { formatVietnamDate } from '../../shared/vietnam-time.js';
import { notesAddedSince } from '../parse/article-notes.js';
import { ContentError } from '../parse/content-error.js';
import { parseArticle } from '../parse/parse-article.js';
import type { ContentFs } from '../sync/content-fs.js';
import { compareVersions } from './compare-versions.js';
import { keptFilePath, readKeptBytes } from './kept-versions.js';

/** Articles whose history pages are made per transaction: edits wait no longer than that. */
const RENDER_SLICE = 20;

export interface VersionRenderer {
  /** Makes the pages of the next articles' versions waiting; false when none waited. */
  step(): Promise<boolean>;
}

/**
 * Makes history pages where their inputs change, on the importer's thread: each version of an
 * article with two or more is read from its kept bytes through the parser, as its article was
 * (so a database rebuilt from content/, and a replica, make the very same pages), and compared
 * with the version before it. A reader's request then reads one row.
 */
export function createVersionRenderer({
  db,
  cfs,
  now,
  onPublish,
  renderVersion,
  findImage,
}: {
  db: Database;
  cfs: ContentFs;
  now: () => number;
  onPublish: ((facts: SiteFacts) => void) | undefined;
  renderVersion: () => Promise<string>;
  findImage: (contentPath: string) => ImageInfo | undefined;
}): VersionRenderer {
  return {
    async step() {
      const ids = await listArticlesToRender(db, RENDER_SLICE);
      if (ids.length === 0) return false;
      const version = await renderVersion();
      const sources = new Map((await listSourcesById(db, ids)).map((s) => [s.id, s.sourcePath]));
      const rendered: RenderedVersion[] = [];
      // Each kept file read, and what was wrong with it, for the editors' report.
      const looked: { file: string; problem: string | undefined }[] = [];
      for (const id of ids) {
        const records = await listVersionRecords(db, id);
        let previous: VersionRecord | undefined;
        for (const record of records) {
          let current = record;
          if (!record.rendered && records.length >= 2) {
            const read =
              record.content === undefined && record.problem === undefined
                ? readKept(cfs, record, sources.get(id), findImage)
                : record;
            current = { ...record, ...read };
            looked.push({ file: keptFilePath(record), problem: current.problem });
            rendered.push({
              articleId: id,
              number: record.number,
              content: current.content,
              text: current.text,
              problem: current.problem,
              changes:
                previous?.text !== undefined && current.text !== undefined
                  ? compareVersions(previous.text, current.text)
                  : undefined,
              notesAdded: [
                ...new Set(
                  notesAddedSince(
                    (previous?.notes ?? []).map((anchor) => ({ anchor })),
                    current.content?.notes ?? [],
                  ).map((n) => n.kind),
                ),
              ],
              renderVersion: version,
            });
          } else if (!record.rendered) {
            rendered.push({ ...record, articleId: id, renderVersion: version });
          }
          previous = current;
        }
      }
      const facts = await db.transaction(async (tx) => {
        await storeRenderedVersions(tx, rendered);
        await replaceProblems(
          tx,
          looked.map((l) => l.file),
          looked.flatMap(({ file, problem }) =>
            problem === undefined
              ? []
              : [
                  {
                    file,
                    severity: 'warning' as const,
                    message: problem,
                    size: undefined,
                    mtimeMs: undefined,
                  },
                ],
          ),
          now(),
        );
        // The history pages changed: cached pages are dropped.
        return advanceSiteFacts(tx, now());
      });
      onPublish?.(facts);
      return true;
    },
  };
}

/** One version's kept bytes → its page and its paragraphs, or why they cannot be read. */
function readKept(
  cfs: ContentFs,
  version: VersionRecord,
  sourcePath: string | undefined,
  findImage: (contentPath: string) => ImageInfo | undefined,
): { content?: VersionContent; text?: string[]; problem?: string } {
  const read = readKeptBytes(cfs, version);
  if ('problem' in read) return read;
  const { bytes } = read;
  // Read where its article is, so its pictures are found as the article's are, and as the kind
  // of file it was then.
  const where = sourcePath ?? `${version.articleId}${version.ext}`;
  const readAs = path.posix.join(
    path.posix.dirname(where),
    path.posix.basename(where, path.posix.extname(where)) + version.ext,
  );
  try {
    const parsed = parseArticle({ file: readAs, bytes }, { findImage });
    return {
      content: {
        title: parsed.title,
        lang: parsed.lang,
        sapoHtml: parsed.sapoHtml,
        bodyHtml: parsed.bodyHtml,
        notes: parsed.notes,
      },
      text: [
        ...parsed.bodyText.split('\n\n'),
        ...parsed.notes.map(
          (n) =>
            `${n.kind === 'correction' ? 'Đính chính' : 'Cập nhật'} (${formatVietnamDate(n.date)}): ${n.text}`,
        ),
      ],
    };
  } catch (error) {
    const reason = error instanceof ContentError ? error.message : String(error);
    return {
      problem: `bản ${version.number} của bài ${version.articleId}: không đọc được: ${reason}`,
    };
  }
}

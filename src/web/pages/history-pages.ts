import {
  getHistoryArticle,
  getVersionRecord,
  listVersionsOf,
  type HistoryArticle,
  type VersionChange,
  type VersionSummary,
} from '../../db/article-versions.js';
import type { NoteKind } from '../../db/article-notes.js';
import { articlePath, historyPath, versionPath } from '../../shared/urls.js';
import type { PageHandler } from '../respond.js';
import { moment, toNoteView, type Moment, type NoteView } from '../view-models.js';
import { readersSee } from './article-page.js';
import type { PageDeps } from './page-deps.js';

const NOTE_LABELS: Record<NoteKind, string> = {
  correction: 'kèm đính chính',
  update: 'kèm cập nhật',
};

/** A version as the history lists it. */
interface VersionItem {
  number: number;
  url: string;
  date: Moment;
  /** "kèm đính chính", "kèm cập nhật": the notes that came with it. */
  notes: string[];
  /** The text readers see now. */
  current: boolean;
}

/** One paragraph of what changed: words kept, removed and added, or a count of paragraphs kept. */
type ChangeView =
  { same: number } | { parts: { kind: 'same' | 'removed' | 'added'; text: string }[] };

const KINDS = { [-1]: 'removed', 0: 'same', 1: 'added' } as const;

const toChangeView = (change: VersionChange): ChangeView =>
  'same' in change
    ? change
    : { parts: change.parts.map(([op, text]) => ({ kind: KINDS[op], text })) };

/**
 * The article a history page is about, and the versions readers have seen, when it has a
 * history: readers may see it (a removed one answers 410) and it has two versions or more.
 */
async function findHistory(
  { db, now }: PageDeps,
  idParam: unknown,
): Promise<
  { article: HistoryArticle; versions: VersionSummary[]; items: VersionItem[] } | undefined
> {
  const id = /^\d{1,15}$/.test(String(idParam)) ? Number(idParam) : undefined;
  if (id === undefined) return undefined;
  const at = now();
  const [article, versions] = await Promise.all([
    getHistoryArticle(db, id),
    listVersionsOf(db, id, at),
  ]);
  if (!article || !readersSee(article, at) || versions.length < 2) return undefined;
  const last = versions.at(-1)!;
  const items = versions.map((v) => ({
    number: v.number,
    url: versionPath(id, v.number),
    date: moment(v.seenAt),
    notes: v.notesAdded.map((kind) => NOTE_LABELS[kind]),
    current: v === last,
  }));
  return { article, versions, items };
}

const articleView = (a: HistoryArticle) => ({
  title: a.title,
  url: articlePath(a),
  lang: a.lang,
  historyUrl: historyPath(a.id),
});

/**
 * `/phien-ban/<id>`: every version of an article readers saw, newest first, each with its date
 * and the notes that came with it. Kept out of search engines: the article is the page to find.
 */
export function historyPage(deps: PageDeps): PageHandler {
  return async (req) => {
    const found = await findHistory(deps, req.params.id);
    if (!found) return undefined;
    const { article, items } = found;
    return {
      view: 'history',
      lastModifiedMs: found.versions.at(-1)!.seenAt,
      model: {
        page: {
          title: `Các phiên bản của bài: ${article.title}`,
          canonicalPath: historyPath(article.id),
          noindex: true,
        },
        article: articleView(article),
        versions: [...items].reverse(),
      },
    };
  };
}

/**
 * `/phien-ban/<id>/<n>`: version n as readers saw it, and what changed since the version before
 * it, word by word. Both were made at import, from the kept bytes; this reads one row.
 */
export function versionPage(deps: PageDeps): PageHandler {
  return async (req) => {
    const number = /^\d{1,6}$/.test(String(req.params.number)) ? Number(req.params.number) : 0;
    const found = await findHistory(deps, req.params.id);
    const index = found?.items.findIndex((v) => v.number === number) ?? -1;
    if (!found || index === -1) return undefined;
    const { article, items } = found;
    const record = await getVersionRecord(deps.db, article.id, number, deps.now());
    if (!record) return undefined;
    const content = record.content;
    const corrections = content?.notes.filter((n) => n.kind === 'correction') ?? [];
    const updates = content?.notes.filter((n) => n.kind === 'update') ?? [];
    return {
      view: 'version',
      lastModifiedMs: found.versions.at(-1)!.seenAt,
      // A page made before its version was read from content/ is for this reader only.
      private: !record.rendered,
      model: {
        page: {
          title: `Bản ${number} của bài: ${article.title}`,
          canonicalPath: versionPath(article.id, number),
          noindex: true,
        },
        article: articleView(article),
        version: items[index],
        previous: items[index - 1],
        next: items[index + 1],
        waiting: !record.rendered,
        problem: record.problem,
        changes: index > 0 ? record.changes?.map(toChangeView) : undefined,
        content: content && {
          title: content.title,
          lang: content.lang,
          sapoHtml: content.sapoHtml,
          bodyHtml: content.bodyHtml,
          notes: {
            corrections: corrections.map(toNoteView),
            updates: updates.map(toNoteView),
          } satisfies Record<string, NoteView[]>,
        },
      },
    };
  };
}

import { listArticleStates } from '../../db/article-states.js';
import { countVersions, type VersionRow } from '../../db/article-versions.js';
import { isListed } from '../../db/visibility.js';
import type { Executor } from '../../db/types.js';
import { replaceProblems, type StoredProblem } from '../../db/file-problems.js';
import { markLedgerPending, type LedgerRow } from '../../db/ledger-entries.js';
import { deleteMedia, upsertMedia } from '../../db/media.js';
import type { RelatedInput } from '../../db/rank-related.js';
import { advanceSiteFacts, type SiteFacts } from '../../db/site-facts.js';
import { insertRemovedArticles, markArticlesDeleted, updateSources } from '../../db/sources.js';
import { upsertArticles } from '../../db/upsert-articles.js';
import { replaceWarnings } from '../../db/warnings.js';
import { importRedirects } from '../editor-files/import-redirects.js';
import { keptExtension } from '../editor-files/kept-versions.js';
import { recordVersions } from '../editor-files/record-versions.js';
import { REDIRECTS_FILE } from '../editor-files/redirects.js';
import type { WarningChanges } from '../editor-files/warnings.js';
import { withoutStat } from './article-input.js';
import type { PlannedArticles } from './import-articles.js';
import type { Known } from './known-sources.js';
import type { MeasuredMedia } from './measure-media.js';
import type { ContentRole } from './sync-role.js';

/** Everything one transaction of a sync writes. */
export interface Changes {
  media?: MeasuredMedia;
  planned?: PlannedArticles;
  /** Articles whose files are gone (published ones, and ids only the ledger knew). */
  gone?: { articles: readonly Known[]; ledgerOnly: readonly LedgerRow[] };
  /** Problems found apart from reading files (a link out of content/, a folder unreadable). */
  problems?: { files: readonly string[]; problems: readonly StoredProblem[] };
  /** The redirects file's text, when the old addresses are to be resolved again. */
  redirects?: { text: string | undefined };
  /** The urgent warnings' files read or gone. */
  warnings?: WarningChanges;
}

export interface Applied {
  /** The site's facts, when readers see anything new. */
  published: SiteFacts | undefined;
  /** The ids written or removed, and how the listed ones stood before: for related articles. */
  related: { ids: number[]; before: RelatedInput[] };
  /** The article files the redirects file names, when it was read. */
  redirectTargets: string[] | undefined;
  /** Versions readers never saw, replaced: their kept bytes go once the commit is done. */
  droppedVersions: VersionRow[];
}

/**
 * The body of a sync's transaction: stores what the sync decided, and moves the site's facts on
 * by exactly what changed, so readers see the articles and the counts together or not at all.
 */
export async function applyChanges(
  tx: Executor,
  changes: Changes,
  { at, role }: { at: number; role: ContentRole },
): Promise<Applied> {
  const { media, planned, gone } = changes;
  if (media) {
    await upsertMedia(tx, media.writes);
    await deleteMedia(tx, media.deletes);
  }
  const writes = planned?.writes ?? [];
  const removed = (gone?.articles ?? []).map((k) => k.id);
  const ids = [...writes.map((w) => w.id), ...removed];
  const before = await listArticleStates(tx, ids);

  await upsertArticles(tx, writes);
  // A primary has kept the bytes of each text it publishes (readers' versions); a replica and a
  // database being rebuilt take the versions from the index files, read before the articles.
  const droppedVersions =
    role === 'primary'
      ? await recordVersions(
          tx,
          writes
            .filter((w) => isListed({ ...w.input, deleted: false }))
            .map(({ id, input }) => ({
              articleId: id,
              hash: input.hash,
              ext: keptExtension(input.sourcePath),
              publishedAt: input.publishedAt,
              savedAt: Math.floor(input.mtimeMs / 1000) * 1000,
              notes: input.notes.map((n) => n.anchor),
            })),
          at,
        )
      : [];
  await countVersions(
    tx,
    writes.map((w) => w.id),
  );
  await updateSources(tx, planned?.touched ?? []);
  await markArticlesDeleted(tx, removed, at);
  await insertRemovedArticles(
    tx,
    (gone?.ledgerOnly ?? []).map((e) => ({ ...e, sourcePath: e.path })),
    at,
  );

  let redirectsChanged = false;
  let redirectTargets: string[] | undefined;
  const redirectProblems: StoredProblem[] = [];
  if (changes.redirects) {
    // Old addresses follow their articles: resolved now, after this transaction's writes.
    const redirects = await importRedirects(tx, changes.redirects.text);
    redirectsChanged = redirects.changed;
    redirectTargets = redirects.targets;
    redirectProblems.push(
      ...redirects.problems.map((p) => ({ ...p, size: undefined, mtimeMs: undefined })),
    );
  }

  const warnings = changes.warnings;
  const warningsChanged = warnings
    ? await replaceWarnings(tx, warnings.files, warnings.warnings)
    : false;

  await replaceProblems(
    tx,
    [
      ...(planned?.files ?? []),
      ...(changes.problems?.files ?? []),
      ...(changes.redirects ? [REDIRECTS_FILE] : []),
      ...(warnings?.problemFiles ?? []),
    ],
    [
      ...(planned?.problems ?? []),
      ...(changes.problems?.problems ?? []),
      ...redirectProblems,
      ...(warnings?.problems ?? []).map(withoutStat),
    ],
    at,
  );

  // A replica never writes the ledger: it reads the primary's.
  if (role === 'primary') {
    await markLedgerPending(tx, [
      ...ids,
      ...(planned?.touched ?? []).map((t) => t.id),
      ...(gone?.ledgerOnly ?? []).map((e) => e.id),
    ]);
  }

  const mediaChanged = (media?.writes.length ?? 0) + (media?.deletes.length ?? 0) > 0;
  const published =
    ids.length > 0 || mediaChanged || redirectsChanged || warningsChanged
      ? await advanceSiteFacts(tx, at, before, ids)
      : undefined;
  return {
    published,
    related: {
      ids,
      before: before.filter(isListed).map((a) => ({
        id: a.id,
        publishedAt: a.publishedAt,
        sectionSlug: a.sectionSlug,
        tagSlugs: a.tags.map((t) => t.slug),
      })),
    },
    redirectTargets,
    droppedVersions,
  };
}

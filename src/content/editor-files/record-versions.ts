import {
  isHashKeptElsewhere,
  listLatestVersions,
  markVersionsToRender,
  upsertKeptVersions,
  type VersionRow,
} from '../../db/article-versions.js';
import type { Executor } from '../../db/types.js';
import { nextVersion } from './kept-versions.js';

/** A text a primary is publishing (or scheduling), its bytes already kept. */
export interface PublishedText {
  articleId: number;
  hash: string;
  ext: string;
  publishedAt: number;
  /** When the file was saved, to the second. */
  savedAt: number;
  /** The anchors of the notes it carries. */
  notes: string[];
}

/**
 * In the transaction that publishes them: each text that is not the article's latest version
 * becomes its next one (or replaces a version readers never saw). Returns the versions
 * replaced whose bytes no other version shares, to remove once the commit is done.
 */
export async function recordVersions(
  tx: Executor,
  texts: readonly PublishedText[],
  at: number,
): Promise<VersionRow[]> {
  if (texts.length === 0) return [];
  const latest = await listLatestVersions(
    tx,
    texts.map((t) => t.articleId),
  );
  const kept: VersionRow[] = [];
  const replaced: VersionRow[] = [];
  for (const text of texts) {
    const next = nextVersion(latest.get(text.articleId), text, at);
    if (next === undefined) continue;
    if (next.replaces) replaced.push(next.replaces);
    kept.push({
      articleId: text.articleId,
      number: next.number,
      hash: text.hash,
      ext: text.ext,
      seenAt: next.seenAt,
      notes: text.notes,
    });
  }
  await upsertKeptVersions(tx, kept);
  await markVersionsToRender(tx, kept);
  const unshared: VersionRow[] = [];
  for (const r of replaced) if (!(await isHashKeptElsewhere(tx, r))) unshared.push(r);
  return unshared;
}

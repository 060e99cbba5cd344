/** What ranking related articles looks at: an article's date, section and tags. */
export interface RelatedInput {
  id: number;
  publishedAt: number;
  sectionSlug: string | undefined;
  tagSlugs: string[];
}

/** Ids stored per article: more than a page shows, as some may not be published yet. */
export const RELATED_STORED = 10;

/** In each section or tag, this many neighbours in time on either side are candidates. */
export const NEIGHBOURS = 50;

/** Each section's and tag's articles, oldest first: where neighbours in time are found. */
type Postings = Map<string, RelatedInput[]>;

export const keysOf = (a: RelatedInput): string[] => [
  ...(a.sectionSlug === undefined ? [] : [`s:${a.sectionSlug}`]),
  ...new Set(a.tagSlugs.map((t) => `t:${t}`)),
];

const byDate = (a: RelatedInput, b: RelatedInput) => a.publishedAt - b.publishedAt || a.id - b.id;

function buildPostings(articles: readonly RelatedInput[]): Postings {
  const postings: Postings = new Map();
  for (const article of [...articles].sort(byDate)) {
    for (const key of keysOf(article)) {
      const list = postings.get(key);
      if (list) list.push(article);
      else postings.set(key, [article]);
    }
  }
  return postings;
}

/** Where `article` stands (or would stand) in a list sorted by date. */
function positionIn(list: readonly RelatedInput[], article: RelatedInput): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (byDate(list[middle]!, article) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Each article's related articles, best first: those sharing the most (the section counts one,
 * each shared tag one), and among equals the nearest in time, so a report's follow-ups and
 * forerunners come first. Only neighbours in time within each section or tag are considered:
 * the work per article is bounded however large a section grows. `only` limits the answer to
 * some articles (the others' lists are not computed).
 *
 * A pure function of the articles, so every server built from the same files agrees.
 */
export function rankRelated(
  articles: readonly RelatedInput[],
  only?: ReadonlySet<number>,
): Map<number, number[]> {
  const rank = createRanker(articles);
  const related = new Map<number, number[]>();
  for (const article of articles) {
    if (!only || only.has(article.id)) related.set(article.id, rank(article));
  }
  return related;
}

/** The ranking of `rankRelated` one article at a time, so a caller can pause between them. */
export function createRanker(
  articles: readonly RelatedInput[],
): (article: RelatedInput) => number[] {
  const postings = buildPostings(articles);
  return (article) => {
    const scores = new Map<number, { score: number; candidate: RelatedInput }>();
    for (const key of keysOf(article)) {
      const list = postings.get(key)!;
      const at = positionIn(list, article);
      const end = Math.min(list.length, at + NEIGHBOURS + 1);
      for (let i = Math.max(0, at - NEIGHBOURS); i < end; i++) {
        if (i === at) continue;
        const candidate = list[i]!;
        const entry = scores.get(candidate.id);
        if (entry) entry.score++;
        else scores.set(candidate.id, { score: 1, candidate });
      }
    }
    const distance = (c: RelatedInput) => Math.abs(c.publishedAt - article.publishedAt);
    return [...scores.values()]
      .sort(
        (a, b) =>
          b.score - a.score ||
          distance(a.candidate) - distance(b.candidate) ||
          b.candidate.id - a.candidate.id,
      )
      .slice(0, RELATED_STORED)
      .map((s) => s.candidate.id);
  };
}

/**
 * The articles whose related lists may differ once `changed` articles have changed: those
 * within reach of a changed article's old or new place in any of its sections and tags. An
 * article further away keeps exactly the same neighbours, so its list stays as it was, and
 * changing one article costs a few hundred lists, not the archive.
 *
 * `before` and `after` are the articles as they were and are; `changed` the ids that differ.
 */
export function affectedByChange(
  before: readonly RelatedInput[],
  after: readonly RelatedInput[],
  changed: ReadonlySet<number>,
): Set<number> {
  const affected = new Set<number>(changed);
  for (const articles of [before, after]) {
    const postings = buildPostings(articles);
    for (const article of articles) {
      if (!changed.has(article.id)) continue;
      for (const key of keysOf(article)) {
        const list = postings.get(key)!;
        const at = positionIn(list, article);
        // One further on each side: a neighbour moving in or out shifts the window by one.
        const end = Math.min(list.length, at + NEIGHBOURS + 2);
        for (let i = Math.max(0, at - NEIGHBOURS - 1); i < end; i++) affected.add(list[i]!.id);
      }
    }
  }
  return affected;
}

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
const NEIGHBOURS = 50;

/**
 * Each article's related articles, best first: those sharing the most (the section counts one,
 * each shared tag one), and among equals the nearest in time, so a report's follow-ups and
 * forerunners come first. Only neighbours in time within each section or tag are considered:
 * the work per article is bounded however large a section grows.
 *
 * A pure function of the articles, so every server built from the same files agrees.
 */
export function rankRelated(articles: readonly RelatedInput[]): Map<number, number[]> {
  const byDate = [...articles].sort((a, b) => a.publishedAt - b.publishedAt || a.id - b.id);
  const postings = new Map<string, RelatedInput[]>();
  const keysOf = (a: RelatedInput) => [
    ...(a.sectionSlug === undefined ? [] : [`s:${a.sectionSlug}`]),
    ...new Set(a.tagSlugs.map((t) => `t:${t}`)),
  ];
  const position = new Map<string, number>();
  for (const article of byDate) {
    for (const key of keysOf(article)) {
      const list = postings.get(key) ?? [];
      position.set(`${key}\0${article.id}`, list.length);
      list.push(article);
      postings.set(key, list);
    }
  }

  const related = new Map<number, number[]>();
  for (const article of articles) {
    const scores = new Map<number, { score: number; candidate: RelatedInput }>();
    for (const key of keysOf(article)) {
      const list = postings.get(key)!;
      const at = position.get(`${key}\0${article.id}`)!;
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
    related.set(
      article.id,
      [...scores.values()]
        .sort(
          (a, b) =>
            b.score - a.score ||
            distance(a.candidate) - distance(b.candidate) ||
            b.candidate.id - a.candidate.id,
        )
        .slice(0, RELATED_STORED)
        .map((s) => s.candidate.id),
    );
  }
  return related;
}

import type { Facet } from '../db/articles.js';

/** Where each kind of listing lives, and what it is called on the page. */
export const FACETS: Readonly<Record<Facet, { path: string; label: string }>> = {
  section: { path: '/chuyen-muc', label: 'Chuyên mục' },
  tag: { path: '/chu-de', label: 'Chủ đề' },
  author: { path: '/tac-gia', label: 'Tác giả' },
};

export const FACET_KINDS = Object.keys(FACETS) as Facet[];

/** ("tag", "nong-nghiep") → "/chu-de/nong-nghiep". */
export const facetPath = (facet: Facet, slug: string): string => `${FACETS[facet].path}/${slug}`;

/** A section goes by its name; a tag or an author says what it is: "Chủ đề: Nông nghiệp". */
export const facetTitle = (facet: Facet, name: string): string =>
  facet === 'section' ? name : `${FACETS[facet].label}: ${name}`;

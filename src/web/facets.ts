import { FACET_PATHS, type FacetKind } from '../shared/urls.js';

/** What each kind of listing is called on the page (its URL is in src/shared/urls.ts). */
export const FACET_LABELS: Readonly<Record<FacetKind, string>> = {
  section: 'Chuyên mục',
  tag: 'Chủ đề',
  author: 'Tác giả',
};

export const FACET_KINDS = Object.keys(FACET_PATHS) as FacetKind[];

/** A section goes by its name; a tag or an author says what it is: "Chủ đề: Nông nghiệp". */
export const facetTitle = (facet: FacetKind, name: string): string =>
  facet === 'section' ? name : `${FACET_LABELS[facet]}: ${name}`;

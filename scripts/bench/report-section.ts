/** One part's contribution to the report: a heading, its tables and what to read them with. */
export interface ReportSection {
  title: string;
  /** Markdown blocks (tables, sentences), printed in order. */
  blocks: string[];
}

/** A part that cannot run here (a missing tool, a config the site does not have yet). */
export class PartSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PartSkipped';
  }
}

export function renderSection(section: ReportSection): string {
  return [`## ${section.title}`, ...section.blocks].join('\n\n');
}

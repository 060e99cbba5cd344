import type { ArticleNote, NoteKind } from '../../db/article-notes.js';
import { toVietnamIso } from '../../shared/vietnam-time.js';
import type { FrontMatterNote } from './front-matter-notes.js';

const ANCHOR_PREFIX: Record<NoteKind, string> = { correction: 'dinh-chinh', update: 'cap-nhat' };

/**
 * The notes of an article's front matter → as its page shows them: corrections above updates,
 * each list newest first whatever order it was written in. `render` turns a note's Markdown
 * into HTML and text. Each note gets an anchor from its kind and date
 * ("dinh-chinh-20240502-0900"), numbered in the order written when two share a minute
 * ("…-0900-2"), so it stays the same while the editor edits the note's text or adds others.
 */
export function buildNotes(
  lists: { kind: NoteKind; notes: readonly FrontMatterNote[] }[],
  render: (note: FrontMatterNote) => { html: string; text: string },
): ArticleNote[] {
  const seen = new Map<string, number>();
  return lists.flatMap(({ kind, notes }) =>
    notes
      .map((note): ArticleNote => {
        const minute = toVietnamIso(note.date).slice(0, 16).replace(/-|:/g, '').replace('T', '-');
        const base = `${ANCHOR_PREFIX[kind]}-${minute}`;
        const count = (seen.get(base) ?? 0) + 1;
        seen.set(base, count);
        return {
          kind,
          anchor: count === 1 ? base : `${base}-${count}`,
          date: note.date,
          top: note.top,
          ...render(note),
        };
      })
      // Stable: notes of the same moment stay in the order written.
      .sort((a, b) => b.date - a.date),
  );
}

/**
 * The notes `current` carries that `previous` did not: what came with a new version of a file
 * (nothing, when an edit only fixed a typo or the text of a note).
 */
export function notesAddedSince(
  previous: readonly Pick<ArticleNote, 'anchor'>[],
  current: readonly ArticleNote[],
): ArticleNote[] {
  const before = new Set(previous.map((n) => n.anchor));
  return current.filter((n) => !before.has(n.anchor));
}

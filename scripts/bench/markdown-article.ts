/** "2023-04-05T08:30:00+07:00": how an editor in Vietnam writes a date. */
export function vietnamDate(epochMs: number): string {
  return `${new Date(epochMs + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

const yamlString = (text: string) => JSON.stringify(text);

/** One article as Markdown with YAML front matter (JSON strings are valid YAML strings). */
export function markdownArticle(fields: {
  title: string;
  date: string;
  /** Undefined leaves the section to the article's folder. */
  section: string | undefined;
  tags: string[];
  author: string;
  slug?: string;
  paragraphs: string[];
}): string {
  const lines = ['---', `title: ${yamlString(fields.title)}`, `date: ${fields.date}`];
  if (fields.section !== undefined) lines.push(`section: ${yamlString(fields.section)}`);
  lines.push(
    `tags: [${fields.tags.map(yamlString).join(', ')}]`,
    `author: ${yamlString(fields.author)}`,
  );
  if (fields.slug !== undefined) lines.push(`slug: ${fields.slug}`);
  lines.push('---', '');
  return `${lines.join('\n')}\n${fields.paragraphs.join('\n\n')}\n`;
}

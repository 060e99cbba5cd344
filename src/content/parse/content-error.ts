export type Severity = 'error' | 'warning';

/** One thing wrong with one file, worded for the editor who has to fix it. */
export interface ContentProblem {
  /** Path relative to the content folder, with forward slashes. */
  file: string;
  line?: number;
  severity: Severity;
  message: string;
}

/** A file that cannot be published; the message names the file (and line) so logs read on their own. */
export class ContentError extends Error {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, message: string, options: { line?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ContentError';
    this.file = file;
    this.line = options.line;
  }

  toProblem(): ContentProblem {
    return { file: this.file, line: this.line, severity: 'error', message: this.message };
  }
}

/** "Thời sự/bai.txt:3: message", the shape `npm run check` prints and editors' tools can jump to. */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const prefix = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${prefix}${problem.message}`;
}

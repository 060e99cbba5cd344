import { formatProblem, type ContentProblem } from '../content/parse/content-error.js';

/**
 * Errors first, then warnings, one `path:line: message` line each, and a closing count. Returns
 * the number of rejected files, which decides the exit code.
 */
export function printProblems(problems: ContentProblem[], out: NodeJS.WritableStream): number {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (errors.length > 0) {
    out.write(`Lỗi (tệp không được đăng):\n`);
    for (const p of errors) out.write(`${formatProblem(p)}\n`);
  }
  if (warnings.length > 0) {
    out.write(`Cảnh báo (tệp vẫn được đăng):\n`);
    for (const p of warnings) out.write(`${formatProblem(p)}\n`);
  }
  return new Set(errors.map((p) => p.file)).size;
}

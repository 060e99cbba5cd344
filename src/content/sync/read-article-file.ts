import { createHash } from 'node:crypto';
import { packBody } from '../../db/article-body.js';
import { ContentError, type ContentProblem } from '../parse/content-error.js';
import { parseArticle, type ParseOptions, type ParsedArticle } from '../parse/parse-article.js';
import type { ContentFs } from './content-fs.js';
import type { ContentFile } from './examine-path.js';

export type ReadOutcome =
  | ParsedFile
  | { kind: 'rejected'; hash: string | undefined; problem: ContentProblem }
  /** The file changed while it was being read: an editor is still saving it. */
  | { kind: 'changing' };

/** A file read and parsed. */
export interface ParsedFile {
  kind: 'parsed';
  hash: string;
  parsed: ParsedArticle;
  /** What was parsed, for a primary to keep as the version readers will see. */
  bytes: Uint8Array;
  /** The body as the database stores it, packed here: on a parsing thread for a large batch. */
  body: Uint8Array;
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Reads and parses one article file; never throws for anything an editor can do to the file. */
export function readArticleFile(
  cfs: ContentFs,
  source: ContentFile,
  options: ParseOptions = {},
): ReadOutcome {
  // Checked here rather than while scanning, so a big file still being copied is not reported
  // at every size it passes through.
  if (source.size > MAX_FILE_BYTES) {
    const megabytes = (source.size / 1024 / 1024).toFixed(1);
    return {
      kind: 'rejected',
      hash: undefined,
      problem: new ContentError(
        source.file,
        `tệp nặng ${megabytes} MB, quá giới hạn 5 MB cho một bài viết`,
      ).toProblem(),
    };
  }
  let bytes: Buffer;
  try {
    bytes = cfs.readFile(source.diskPath);
    const after = cfs.stat(source.diskPath);
    if (after === undefined) return { kind: 'changing' };
    if (after.size !== bytes.length || after.mtimeMs !== source.mtimeMs)
      return { kind: 'changing' };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'changing' };
    return {
      kind: 'rejected',
      hash: undefined,
      problem: new ContentError(source.file, `không đọc được tệp (${code ?? 'lỗi'})`, {
        cause,
      }).toProblem(),
    };
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  try {
    const parsed = parseArticle({ file: source.file, bytes }, options);
    return { kind: 'parsed', hash, parsed, bytes, body: packBody(parsed.bodyHtml) };
  } catch (error) {
    if (error instanceof ContentError)
      return { kind: 'rejected', hash, problem: error.toProblem() };
    // A parser bug must not take the site down either; report it against the file.
    return {
      kind: 'rejected',
      hash,
      problem: new ContentError(source.file, `lỗi khi đọc bài: ${(error as Error).message}`, {
        cause: error,
      }).toProblem(),
    };
  }
}

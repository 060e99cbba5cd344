import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

export interface HtmlMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  /** The name of the page it is about. */
  page: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

/**
 * What the W3C Nu HTML Checker (`vnu-jar`, on the system's Java) says about each page, run once
 * for all of them: starting Java is most of the checker's time.
 */
export async function checkHtml(pages: { name: string; html: string }[]): Promise<HtmlMessage[]> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-vnu-'));
  try {
    const files: string[] = [];
    for (const page of pages) {
      const file = path.join(folder, `${page.name}.html`);
      await fs.writeFile(file, page.html);
      files.push(file);
    }
    const { stderr } = await promisify(execFile)(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const { messages } = JSON.parse(stderr) as { messages: (HtmlMessage & { url: string })[] };
    return messages.map(({ url, ...message }) => ({
      ...message,
      page: path.basename(url, '.html'),
    }));
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

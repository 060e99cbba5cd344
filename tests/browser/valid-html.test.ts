import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startSampleSite, type SampleSite } from '../helpers/sample-site.js';

const require = createRequire(import.meta.url);
const VNU_JAR = require.resolve('vnu-jar/build/dist/vnu.jar');

const BROKEN_PAGE = 'broken-control.html';

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  url: string;
  lastLine?: number;
  message: string;
  extract?: string;
}

describe('the W3C Nu HTML Checker', { timeout: 120_000 }, () => {
  let sample: SampleSite;
  let folder: string;
  let messages: VnuMessage[];

  before(async () => {
    sample = await startSampleSite();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-vnu-'));
    const files: string[] = [];
    for (const page of sample.pages) {
      const response = await sample.site.get(page.path);
      assert.equal(response.status, page.status, page.path);
      const file = path.join(folder, `${page.name}.html`);
      await fs.writeFile(file, await response.text());
      files.push(file);
    }
    // A control: if the checker silently checked nothing, this page would pass too.
    const broken = path.join(folder, BROKEN_PAGE);
    await fs.writeFile(broken, '<!DOCTYPE html><html lang="vi"><title>x</title><p><div></p>');
    files.push(broken);
    // One JVM for every page: starting Java is most of the checker's time.
    const { stderr } = await promisify(execFile)(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...files],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    messages = (JSON.parse(stderr) as { messages: VnuMessage[] }).messages;
  });

  after(async () => {
    await sample?.site.close();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('works: it reports the error in a deliberately broken page', () => {
    assert.ok(
      messages.some((m) => m.type === 'error' && m.url.endsWith(BROKEN_PAGE)),
      'the checker found nothing wrong in a page with an unclosed <div> inside <p>',
    );
  });

  it('reports no error on any page type', () => {
    const errors = messages
      .filter((m) => m.type !== 'info' && !m.url.endsWith(BROKEN_PAGE))
      .map((m) => `${path.basename(m.url)}:${m.lastLine}: ${m.message} (${m.extract ?? ''})`);
    assert.deepEqual(errors, []);
  });
});

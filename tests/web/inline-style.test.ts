import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { PUBLIC_DIR } from '../../src/paths.js';
import { minifyCss, StylesheetError } from '../../src/web/inline-style.js';
import { openLiveFacts } from '../../src/web/live-facts.js';
import { TEST_PREVIEW_SECRET } from '../helpers/site.js';

describe('minifyCss', () => {
  const table: [string, string][] = [
    ['a ,\n b {\n  color: red;\n}', 'a,b{color:red}'],
    ['/* lời chú thích */\nbody { margin: 0 }', 'body{margin:0}'],
    // A space before ":" starts a descendant; inside strings every character counts.
    ['.a :hover { x: 1 }', '.a :hover{x:1}'],
    [".x::after { content: ' (' attr(href) ')'; }", ".x::after{content:' (' attr(href) ')'}"],
    ['.b { content: "a  /* b */  c" }', '.b{content:"a  /* b */  c"}'],
    ['p { width: calc(100% - 2rem + 1px) }', 'p{width:calc(100% - 2rem + 1px)}'],
    [
      '@media screen and (min-width: 48rem) { .a > .b { c: d } }',
      '@media screen and (min-width:48rem){.a>.b{c:d}}',
    ],
    ['li + li { margin: 0 0 1em }', 'li + li{margin:0 0 1em}'],
  ];
  for (const [input, output] of table) {
    it(`makes ${JSON.stringify(input)} ${JSON.stringify(output)}`, () => {
      assert.equal(minifyCss(input), output);
    });
  }
});

describe('the inlined stylesheet', () => {
  it('refuses to build a site whose stylesheet would close the <style> element, naming it', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tin-test-'));
    const publicDir = path.join(root, 'public');
    await fs.cp(PUBLIC_DIR, publicDir, { recursive: true });
    await fs.appendFile(path.join(publicDir, 'site.css'), "\n.x::after { content: '</style>' }\n");
    const logger = pino({ level: 'silent' });
    const db = await openDatabase(path.join(root, 'site.db'));
    const facts = await openLiveFacts({ db, now: Date.now, logger });
    try {
      assert.throws(
        () =>
          createApp({
            db,
            logger,
            facts,
            publicDir,
            mediaCacheDir: path.join(root, 'media'),
            previewSecret: TEST_PREVIEW_SECRET,
            config: {
              siteName: 'Tin',
              siteUrl: 'https://tin.example.vn',
              contentDir: root,
              pageCacheMb: 1,
            },
          }),
        (error: unknown) =>
          error instanceof StylesheetError &&
          error.message.startsWith(`${path.join(publicDir, 'site.css')}: `),
      );
    } finally {
      facts.close();
      await db.close();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

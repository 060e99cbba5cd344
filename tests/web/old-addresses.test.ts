import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REDIRECTS_FILE } from '../../src/content/editor-files/redirects.js';
import { startSite } from '../helpers/site.js';
import { runCli } from '../helpers/cli.js';

const ARTICLE =
  '---\ndate: 2024-04-20T08:00:00\nsection: Kinh tế\n---\nHợp tác xã Bằng Thành\n\nMở đầu.\n';

const REDIRECTS = `# Đường dẫn của trang cũ
/tin-tuc/2019/hop-tac-xa.html     Kinh tế/htx.md
/index.php?id=118                 /chuyen-muc/kinh-te
/chuyen-muc-cu/kinh-te            /chuyen-muc/kinh-te
/tin cũ.html                      Kinh tế/htx.md
/123.html                         Kinh tế/htx.md
/mat-tich.html                    Kinh tế/khong-co.md
/vong-a                           /vong-b
/vong-b                           /vong-a
dong-sai
`;

describe('old addresses from content/_chuyen-huong.txt', () => {
  it('answer 301 to the article or page they name, wherever the article is now', async () => {
    const site = await startSite({
      files: { 'Kinh tế/htx.md': ARTICLE, [REDIRECTS_FILE]: REDIRECTS },
    });
    try {
      const cases: [string, string][] = [
        ['/tin-tuc/2019/hop-tac-xa.html', '/hop-tac-xa-bang-thanh-1.html'],
        ['/index.php?id=118', '/chuyen-muc/kinh-te'],
        ['/chuyen-muc-cu/kinh-te', '/chuyen-muc/kinh-te'],
        ['/tin%20c%C5%A9.html', '/hop-tac-xa-bang-thanh-1.html'],
        // An old path that looks like this site's own is the editor's word.
        ['/123.html', '/hop-tac-xa-bang-thanh-1.html'],
      ];
      for (const [from, to] of cases) {
        const res = await site.get(from);
        assert.equal(res.status, 301, from);
        assert.equal(res.headers.get('location'), to, from);
      }
      // The title changes, so does the URL: the old address follows it.
      await site.write('Kinh tế/htx.md', ARTICLE.replace('Bằng Thành', 'Nà Phặc'));
      await site.importer.sync({ settleMs: 0 });
      const moved = await site.get('/tin-tuc/2019/hop-tac-xa.html');
      assert.equal(moved.headers.get('location'), '/hop-tac-xa-na-phac-1.html');
      for (const path of ['/mat-tich.html', '/vong-a', '/index.php?id=119']) {
        assert.equal((await site.get(path)).status, 404, path);
      }
    } finally {
      await site.close();
    }
  });

  it('has its unknown targets, loops and unreadable lines reported by npm run check', async () => {
    const site = await startSite({
      files: { 'Kinh tế/htx.md': ARTICLE, [REDIRECTS_FILE]: REDIRECTS },
    });
    try {
      const { stdout } = await runCli('check.ts', {
        CONTENT_DIR: site.contentDir,
        DATABASE_PATH: site.databasePath,
      });
      assert.match(
        stdout,
        new RegExp(`^${REDIRECTS_FILE}:7: đích "Kinh tế/khong-co.md" không phải tệp bài`, 'm'),
      );
      // Each line of the loop shows the whole chain, so the editor sees which lines to fix.
      assert.match(
        stdout,
        new RegExp(
          `^${REDIRECTS_FILE}:8: chuyển hướng vòng tròn: "/vong-a" → "/vong-b" → "/vong-a"$`,
          'm',
        ),
      );
      assert.match(
        stdout,
        new RegExp(
          `^${REDIRECTS_FILE}:9: chuyển hướng vòng tròn: "/vong-b" → "/vong-a" → "/vong-b"$`,
          'm',
        ),
      );
      assert.match(stdout, new RegExp(`^${REDIRECTS_FILE}:10: mỗi dòng cần hai phần`, 'm'));
      const report = await (
        await import('node:fs/promises')
      ).readFile(path.join(site.contentDir, '_bao-cao.txt'), 'utf8');
      assert.match(report, new RegExp(`^${REDIRECTS_FILE}:8: chuyển hướng vòng tròn`, 'm'));
    } finally {
      await site.close();
    }
  });
});

import { after, before, describe } from 'node:test';
import { checkPagesInChromium } from '../helpers/check-pages-in-chromium.js';
import { articlePathOf, startSite, type TestSite } from '../helpers/site.js';

// A correction at the top, another with a link after the text, and an update.
const CORRECTED = `---
title: Cầu treo Nà Phặc thông xe
date: 2022-03-22T10:00
corrections:
  - date: 2022-03-23T08:00
    text: Bài đăng trước ghi nhầm cầu thuộc xã Bằng Thành; cầu thuộc xã Bộc Bố.
    top: true
  - date: 2022-03-22T16:30
    text: Bài ghi nhầm cầu dài *120 mét*; cầu dài 150 mét, theo [biên bản nghiệm thu](/chuyen-muc/kinh-te).
updates:
  - date: 2022-03-22T14:00
    text: Xe máy đã qua cầu từ 13 giờ.
---
Cầu treo mới nối hai bản của xã Bộc Bố với trung tâm xã đã thông xe sáng nay.

Cầu dài 150 mét, rộng 2 mét, cho xe máy và người đi bộ qua lại cả mùa mưa.
`;

// An article in Tày, its correction in Vietnamese.
const IN_TAY = `---
title: Pác Nặm, Bằng Thành, Bộc Bố
date: 2022-03-21T07:00
lang: tyz
corrections:
  - date: 2022-03-21T09:00
    text: Bài ghi nhầm tên bản Nà Phặc.
---
Pác Nặm, Bằng Thành, Bộc Bố, Nhạn Môn, Cổ Linh.

Khang Ninh, Nghiên Loan, Xuân La.
`;

// The pages these add to the site; the other page types are checked in pages.test.ts, whose
// time limit leaves no room for more.
const PAGES = ['article with notes', 'article in Tày', 'corrections'] as const;

describe('corrections, updates and an article in Tày in Chromium', { timeout: 180_000 }, () => {
  let site: TestSite;
  const paths = new Map<string, string>();

  before(async () => {
    site = await startSite({ files: { 'cau-treo.md': CORRECTED, 'tieng-tay.md': IN_TAY } });
    paths.set('article with notes', (await articlePathOf(site, 'Cầu treo Nà Phặc thông xe'))!);
    paths.set('article in Tày', (await articlePathOf(site, 'Pác Nặm, Bằng Thành, Bộc Bố'))!);
    paths.set('corrections', '/dinh-chinh');
  });
  after(() => site?.close());

  checkPagesInChromium({ names: PAGES, site: () => site, pathOf: (name) => paths.get(name)! });
});

import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { SEED_FILE, startSite, type TestSite } from './site.js';

/** One kind of page readers meet, and the status it answers with. */
export interface PageCase {
  name: string;
  path: string;
  status: number;
  /** A home or listing page: every article link must be reachable from the keyboard. */
  listsArticles?: boolean;
}

export interface SampleSite {
  site: TestSite;
  /** Every page type once; a new page type (section, tag, author, search) is one more line here. */
  pages: PageCase[];
}

// A short section article whose tags and byline exercise the tag list and the byline link.
const SECTION_ARTICLE = `---
date: 2022-03-20T07:15
tags: [Nông nghiệp, Bắc Kạn]
---
Chợ phiên Bằng Thành đông vui ngày cuối tuần

Từ sáng sớm, bà con người Dao, người Tày ở các thôn vùng cao đã gùi hàng xuống chợ phiên Bằng Thành.

Hàng hóa ở chợ phong phú: măng khô, mật ong, gà đồi, rau rừng và vải thổ cẩm dệt tay. Nhiều hộ cho biết mỗi phiên chợ bán được từ vài trăm nghìn đến hơn một triệu đồng.

Chợ họp vào Chủ nhật hằng tuần, cách trung tâm huyện khoảng 20 km.

Theo TTXVN
`;

// Markdown with what editors actually use: a sub-heading, a list, a table, a quote, and a long
// unbroken address that must wrap instead of widening a phone screen.
const MARKDOWN_ARTICLE = `---
date: 2022-03-24T16:40
---
# Giá nông sản tuần này tại các chợ vùng cao

Giá măng khô và mật ong tăng nhẹ, rau rừng giữ giá so với tuần trước.

## Bảng giá tham khảo

| Mặt hàng | Đơn vị | Giá (đồng) |
| --- | --- | ---: |
| Măng khô | kg | 250.000 |
| Mật ong bạc hà | lít | 400.000 |
| Gà đồi | kg | 140.000 |

## Những điều cần lưu ý

- Giá có thể chênh lệch giữa các phiên chợ.
- Hàng đặc sản nên mua tại hợp tác xã có tem truy xuất nguồn gốc.
- Bảng giá đầy đủ đăng tại https://sonongnghiep.backan.gov.vn/thong-tin-gia-ca-thi-truong/bang-gia-nong-san-dac-san-vung-cao-tuan-thu-mu-hai-nam-2022.

> Người tiêu dùng nên hỏi rõ nguồn gốc trước khi mua.

Hoàng Anh (tổng hợp)
`;

// A photo story: the lead picture (not lazy) and a figure in the body (lazy), both responsive.
const PHOTO_ARTICLE = `---
title: Ruộng bậc thang Bộc Bố mùa nước đổ
date: 2022-03-25T06:00
section: Ảnh
image: anh/ruong.jpg
image_alt: Ruộng bậc thang loang loáng nước dưới chân núi
image_caption: Ruộng bậc thang ở xã Bộc Bố
---
Cuối tháng Ba, nước từ các khe núi được dẫn về, những thửa ruộng bậc thang Bộc Bố bắt đầu vào vụ.

![Người dân cày ruộng](anh/cay-ruong.jpg "Người dân xuống đồng từ sáng sớm")

Mùa nước đổ kéo dài khoảng ba tuần, là lúc ruộng đẹp nhất trong năm.
`;

const REMOVED_ARTICLE = `---
date: 2022-03-10T09:00
---
Thông báo lịch cắt điện tuần này

Điện lực huyện thông báo lịch tạm ngừng cấp điện để bảo dưỡng đường dây.
`;

/** When the district report counts as published: its file has no date of its own. */
const SEED_MTIME = new Date('2022-03-26T08:30:00+07:00');

/**
 * The district report as scraped, plus a few small articles written here, one of them removed:
 * every page type a reader meets, rendered by the real stack.
 */
export async function startSampleSite(): Promise<SampleSite> {
  const site = await startSite();
  try {
    const seed = await site.write(
      'huyen-uy-pac-nam-bam-sat-thuc-tien.txt',
      await fs.readFile(SEED_FILE),
    );
    // The file's time becomes the publication date; a fixed one keeps screenshots comparable.
    await fs.utimes(seed, SEED_MTIME, SEED_MTIME);
    await site.write('Kinh tế/cho-phien-bang-thanh.txt', SECTION_ARTICLE);
    await site.write('gia-nong-san.md', MARKDOWN_ARTICLE);
    await site.write('anh-ruong-bac-thang.md', PHOTO_ARTICLE);
    await site.write('anh/ruong.jpg', await photo(1600, 1000, '#5a7d3a'));
    await site.write('anh/cay-ruong.jpg', await photo(1200, 800, '#7d5a3a'));
    const removed = await site.write('lich-cat-dien.txt', REMOVED_ARTICLE);
    await site.importer.sync({ settleMs: 0 });

    const removedPath = await findArticlePath(site, 'Thông báo lịch cắt điện');
    await fs.rm(removed);
    await site.importer.sync({ settleMs: 0 });

    const pages: PageCase[] = [
      { name: 'home', path: '/', status: 200, listsArticles: true },
      { name: 'article', path: await findArticlePath(site, 'Huyện ủy Pác Nặm'), status: 200 },
      { name: 'article-section', path: await findArticlePath(site, 'Chợ phiên'), status: 200 },
      { name: 'article-markdown', path: await findArticlePath(site, 'Giá nông sản'), status: 200 },
      { name: 'article-photo', path: await findArticlePath(site, 'Ruộng bậc thang'), status: 200 },
      { name: 'section', path: '/chuyen-muc/kinh-te', status: 200, listsArticles: true },
      { name: 'tag', path: '/chu-de/nong-nghiep', status: 200, listsArticles: true },
      { name: 'author', path: '/tac-gia/hoang-anh', status: 200, listsArticles: true },
      { name: 'search', path: '/tim-kiem?q=pac+nam', status: 200, listsArticles: true },
      { name: 'search-empty', path: '/tim-kiem?q=khong+co+bai+nao', status: 200 },
      { name: 'not-found', path: '/khong-co-trang-nay', status: 404 },
      { name: 'gone', path: removedPath, status: 410 },
      // As the server renders it; the service worker lists the saved articles in it.
      { name: 'offline', path: '/ngoai-tuyen', status: 200 },
    ];
    return { site, pages };
  } catch (error) {
    // Module-level setup in the browser tests: a server left open would keep the run alive.
    await site.close();
    throw error;
  }
}

/** A plain photograph-sized JPEG: the browser tests need real pixels, not a placeholder. */
export function photo(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

/** The path of the article whose title starts with `title`, as the home page links it. */
async function findArticlePath(site: TestSite, title: string): Promise<string> {
  const html = await (await site.get('/')).text();
  for (const match of html.matchAll(/<a href="(\/[^"]+\.html)">([^<]*)<\/a>/g)) {
    if (match[2]!.startsWith(title)) return match[1]!;
  }
  throw new Error(`the home page of ${site.url} links no article titled "${title}…"`);
}

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../artifacts');

import fs from 'node:fs/promises';
import path from 'node:path';
import { formatVietnamDate } from '../../shared/vietnam-time.js';
import { formatProblem, type ContentProblem } from '../parse/content-error.js';
import { isVersionsPath } from './kept-versions.js';
import { isLedgerFile } from './ledger.js';

/**
 * The report's name in content/: where editors work, beside their files, so a shared drive or a
 * sync client brings it to them. It starts with "_", so the importer never reads it as an article.
 */
export const REPORT_FILE = '_bao-cao.txt';

/** A draft or a scheduled article, with the link a colleague can read it at. */
export interface UnpublishedArticle {
  file: string;
  title: string;
  draft: boolean;
  publishedAt: number;
  previewUrl: string | undefined;
}

// What to do about each kind of problem, in words for an editor; the first pattern that matches
// the message wins. Problems of the ledger have advice of their own.
const ADVICE: [RegExp, string][] = [
  [
    /^cảnh báo .*đã hết hạn/,
    'Xóa tệp khi đã hết nguy hiểm; nếu vẫn cần cảnh báo, sửa "expires:" thành giờ mới.',
  ],
  [
    /^lời cảnh báo dài/,
    'Rút gọn lời cảnh báo còn một hai câu; chi tiết viết thành bài và đặt "link:" tới bài đó.',
  ],
  [
    /^cảnh báo .*không hiện: trang chỉ hiện/,
    'Xóa hoặc cho hết hạn một cảnh báo cũ để cảnh báo này hiện lên.',
  ],
  [
    /^cảnh báo (phải mở đầu|thiếu "title:")|^trường "expires"/,
    'Đầu tệp viết ba dòng giữa hai dòng "---": "title: …", "expires: 2024-07-20 18:00" (giờ Việt Nam) và, nếu cần, "link: …"; lời cảnh báo viết bên dưới. Bản cũ của cảnh báo, nếu có, vẫn hiện.',
  ],
  [
    /^cảnh báo thiếu "expires:"/,
    'Thêm dòng "expires: 2024-07-20 18:00" (giờ Việt Nam) vào đầu tệp: cảnh báo hiện đến giờ đó rồi tự gỡ. Bản cũ của cảnh báo, nếu có, vẫn hiện.',
  ],
  [/UTF-8|UTF-16/, 'Mở tệp bằng trình soạn thảo văn bản và lưu lại với bảng mã UTF-8.'],
  [/NUL|nhị phân/, 'Tệp này không phải văn bản: hãy lưu bài dưới dạng .txt hoặc .md.'],
  [/tệp trống/, 'Viết nội dung vào tệp (dòng đầu là tiêu đề) rồi lưu lại.'],
  [/không có tiêu đề/, 'Viết tiêu đề ở dòng đầu tiên, hoặc thêm dòng "title: …" vào front matter.'],
  [/tiêu đề dài/, 'Để tiêu đề một mình ở dòng đầu, rồi một dòng trống trước đoạn mở đầu.'],
  [/front matter|YAML/, 'Sửa khối giữa hai dòng "---" ở đầu tệp: mỗi dòng là "khóa: giá trị".'],
  [
    /^mục thứ \d+ của "|^trường "(corrections|updates)" phải là danh sách/,
    'Mỗi đính chính hay cập nhật là một mục: dòng "- date: 2024-05-02 09:00" rồi dòng "  text: …" thụt vào hai dấu cách. Ngày không được trước ngày đăng bài.',
  ],
  [
    /^trường "lang"/,
    'Viết mã ngôn ngữ: tyz (Tày), nut (Nùng), hnj, blu hoặc hmn (Mông), ium (Dao); bỏ dòng "lang:" nếu bài viết bằng tiếng Việt.',
  ],
  [/^trường "/, 'Sửa trường đó trong front matter theo đúng dạng đã nêu.'],
  [/trong đính chính hay cập nhật/, 'Đặt ảnh trong thân bài; đính chính và cập nhật chỉ có chữ.'],
  [/MB/, 'Chia bài thành tệp nhỏ hơn; ảnh để thành tệp riêng trong content/.'],
  [/liên kết tượng trưng/, 'Chép chính tệp vào content/ thay vì tạo liên kết tới nơi khác.'],
  [/ảnh/, 'Đặt ảnh trong thư mục content/ và viết đúng đường dẫn tới ảnh (tính từ tệp bài).'],
  [/liên kết/, 'Dùng địa chỉ bắt đầu bằng http:// hoặc https://, hoặc đường dẫn trong trang.'],
  [/chuyển hướng|đích/, 'Sửa dòng đó trong tệp _chuyen-huong.txt: "đường-dẫn-cũ  đích".'],
];

const VERSIONS_ADVICE =
  'Đừng sửa tay thư mục _phien-ban/: chép lại từ bản sao lưu. Chỉ khi phải gỡ một bản vì lý do pháp lý, xóa dòng của bản đó trong sổ và tệp nội dung của nó (xem README).';

const LEDGER_ADVICE =
  'Đừng sửa tay tệp sổ bài viết: chép lại bản cũ từ bản sao lưu, hoặc xóa dòng hỏng; trang sẽ ghi lại sổ từ cơ sở dữ liệu mà không cấp lại mã đã dùng.';

function adviceFor(problem: ContentProblem): string {
  if (isLedgerFile(problem.file)) return LEDGER_ADVICE;
  if (isVersionsPath(problem.file)) return VERSIONS_ADVICE;
  const found = ADVICE.find(([pattern]) => pattern.test(problem.message));
  if (found) return found[1];
  return problem.severity === 'error'
    ? 'Sửa tệp rồi lưu lại; trang tự cập nhật trong vòng một giây.'
    : 'Bài vẫn được đăng; sửa khi tiện.';
}

/**
 * The report as editors read it: every file with a problem (`file:line: message`, errors first,
 * then warnings), each followed by what to do; then the drafts and scheduled articles with their
 * preview links. When all is well it says so in one line. Without the time: the caller stamps
 * it, so an unchanged report is not written again.
 */
export function formatReport(
  problems: readonly ContentProblem[],
  unpublished: readonly UnpublishedArticle[],
): string {
  const lines: string[] = [];
  // By file, then line, whoever found them: the importer and `npm run check` print alike.
  const sorted = [...problems].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0),
  );
  const errors = sorted.filter((p) => p.severity === 'error');
  const warnings = sorted.filter((p) => p.severity === 'warning');
  if (errors.length === 0 && warnings.length === 0) {
    lines.push('Mọi tệp đều ổn: không có lỗi, không có cảnh báo.');
  }
  const list = (heading: string, items: ContentProblem[]) => {
    if (items.length === 0) return;
    lines.push('', heading);
    for (const p of items) lines.push(formatProblem(p), `    → ${adviceFor(p)}`);
  };
  list(`Lỗi (tệp không được đăng, bản cũ nếu có vẫn hiện): ${count(errors)}`, errors);
  list(`Cảnh báo (tệp vẫn được đăng): ${count(warnings)}`, warnings);
  if (unpublished.length > 0) {
    lines.push(
      '',
      `Bản nháp và bài hẹn giờ (chỉ ai có đường dẫn mới xem được): ${unpublished.length}`,
    );
    for (const a of unpublished) {
      const state = a.draft ? 'bản nháp' : `đăng lúc ${formatVietnamDate(a.publishedAt)}`;
      lines.push(`${a.file}: ${a.title} (${state})`);
      lines.push(`    → ${a.previewUrl ?? 'đường dẫn xem trước có khi trang chạy lần đầu'}`);
    }
  }
  // Each part opens with a blank line to set it off from the one before; the first needs none.
  if (lines[0] === '') lines.shift();
  return `${lines.join('\n')}\n`;
}

const count = (items: readonly ContentProblem[]) =>
  `${new Set(items.map((p) => p.file)).size} tệp, ${items.length} vấn đề`;

const stamp = (at: number) =>
  `Báo cáo nội dung của trang, cập nhật lúc ${formatVietnamDate(at)}. Trang tự viết tệp này.\n`;

/**
 * Writes the report when what it says has changed since it was last written, stamped with the
 * time: written beside it and renamed over it, so an editor never opens half a report.
 * Returns whether it wrote.
 */
export async function writeReport(contentDir: string, body: string, at: number): Promise<boolean> {
  const target = path.join(contentDir, REPORT_FILE);
  const current = await fs.readFile(target, 'utf8').catch(() => undefined);
  if (current !== undefined && current.slice(current.indexOf('\n') + 1) === `\n${body}`) {
    return false;
  }
  const temporary = `${target}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${stamp(at)}\n${body}`);
  await fs.rename(temporary, target);
  return true;
}

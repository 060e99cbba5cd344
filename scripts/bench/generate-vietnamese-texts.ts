import type { Random } from './create-random.js';
import type { SourceText } from './read-corpus.js';

// Words of local news, so generated articles fold, tokenize and search like real ones: stacked
// diacritics, "đ", and the pairs readers search for ("đảng viên", "nông nghiệp").
const SUBJECTS = [
  'Huyện ủy',
  'Ủy ban nhân dân xã',
  'Hội Nông dân',
  'Đoàn thanh niên',
  'Trạm y tế',
  'Trường tiểu học',
  'Ban quản lý dự án',
  'Hợp tác xã',
  'Chi bộ thôn',
  'đội ngũ cán bộ, đảng viên',
  'bà con người Dao',
  'các hộ dân vùng cao',
];
const VERBS = [
  'đã triển khai',
  'tập trung chỉ đạo',
  'tiếp tục đẩy mạnh',
  'phối hợp thực hiện',
  'hoàn thành',
  'kiểm tra, giám sát',
  'vận động Nhân dân tham gia',
  'rà soát và đánh giá',
  'nâng cao chất lượng',
  'đầu tư nâng cấp',
];
const OBJECTS = [
  'kế hoạch phát triển kinh tế - xã hội',
  'công tác cải cách hành chính',
  'mô hình trồng cây ăn quả',
  'tuyến đường liên xã',
  'chương trình xây dựng nông thôn mới',
  'việc chăm sóc sức khỏe ban đầu',
  'phong trào khuyến học',
  'dự án nước sạch nông thôn',
  'công tác phát triển đảng viên mới',
  'sản xuất vụ xuân',
  'lễ hội truyền thống của đồng bào',
  'diện tích rừng trồng mới',
];
const PLACES = [
  'trên địa bàn huyện',
  'ở xã Bộc Bố',
  'tại thôn Nà Coóc',
  'ở các xã vùng sâu',
  'tại trung tâm huyện',
  'ở xã Nghiên Loan',
  'trong năm 2022',
  'từ đầu năm đến nay',
];
const TAILS = [
  'góp phần nâng cao đời sống Nhân dân',
  'bảo đảm đúng tiến độ đề ra',
  'với tổng kinh phí hơn 2 tỷ đồng',
  'được bà con đồng tình hưởng ứng',
  'đạt 95% kế hoạch năm',
  'theo đúng tinh thần nghị quyết đại hội',
];

function sentence(random: Random): string {
  const parts = [
    random.pick(SUBJECTS),
    random.pick(VERBS),
    random.pick(OBJECTS),
    random.pick(PLACES),
  ];
  if (random.next() < 0.6) parts.push(`, ${random.pick(TAILS)}`);
  const text = parts.join(' ').replace(' ,', ',');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: Random, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(random)).join(' ');
}

/**
 * Vietnamese-looking articles for a machine without the corpus: titles from the same pools,
 * four to eight paragraphs of three to six sentences, about the length of a corpus article.
 */
export function generateVietnameseTexts(count: number, random: Random): SourceText[] {
  return Array.from({ length: count }, (_, i) => ({
    title:
      `${random.pick(SUBJECTS)} ${random.pick(VERBS)} ${random.pick(OBJECTS)} (${i + 1})`.replace(
        /^./,
        (c) => c.toUpperCase(),
      ),
    paragraphs: Array.from({ length: 4 + random.int(5) }, () =>
      paragraph(random, 3 + random.int(4)),
    ),
  }));
}

import fs from 'node:fs/promises';
import path from 'node:path';
import { createRandom } from './create-random.js';
import { generateVietnameseTexts } from './generate-vietnamese-texts.js';
import { markdownArticle, vietnamDate } from './markdown-article.js';
import { parseSourceText, readCorpus, type SourceText } from './read-corpus.js';

export interface Dataset {
  /** The N articles as Markdown with front matter; never served from, only copied. */
  articlesDir: string;
  count: number;
  /** Plain-text files for the bulk copy: the corpus itself, or generated ones. */
  extraDir: string;
  extraCount: number;
  source: 'corpus' | 'generated';
  /** A two-word query without diacritics, as readers type it. */
  searchQuery: string;
  /** Articles whose title or text holds both words, diacritics folded ("đang" is "dang" too). */
  searchMatches: number;
}

export const SECTIONS = [
  'Thời sự',
  'Kinh tế',
  'Xã hội',
  'Văn hóa',
  'Giáo dục',
  'Y tế',
  'Nông nghiệp',
  'Pháp luật',
];
const TAGS = [
  'Pác Nặm',
  'Bắc Kạn',
  'Ba Bể',
  'Chợ Đồn',
  'nông nghiệp',
  'nông thôn mới',
  'giao thông',
  'du lịch cộng đồng',
  'Covid-19',
  'cải cách hành chính',
  'xây dựng Đảng',
  'giáo dục vùng cao',
  'y tế cơ sở',
  'rừng',
  'thiên tai',
  'đồng bào Dao',
  'đồng bào Mông',
  'lễ hội',
  'chợ phiên',
  'nước sạch',
  'giảm nghèo',
  'thanh niên',
  'phụ nữ',
  'an ninh trật tự',
  'khuyến học',
  'chăn nuôi',
  'cây ăn quả',
  'thể thao',
  'văn hóa dân tộc',
  'đầu tư công',
];
const AUTHORS = [
  'Nguyễn Nghĩa',
  'Trần Thu Hà',
  'Lê Minh Tuấn',
  'Phạm Thị Lan',
  'Hoàng Văn Nam',
  'Vũ Thanh Hương',
  'Đặng Quốc Bảo',
  'Bùi Thị Mai',
  'Đỗ Đức Anh',
  'Ngô Thị Hồng',
  'Lý Văn Sùng',
  'Ma Thị Thu',
];
// Put in front of a reused corpus title, so a title (and the URL word the site folds from it)
// stays distinct however many times the corpus is cycled.
const TITLE_VARIANTS = [
  'Điểm tin',
  'Nhìn lại',
  'Góc nhìn',
  'Bản tin tối',
  'Theo dòng sự kiện',
  'Tin vắn',
  'Cập nhật',
  'Chuyện hôm nay',
  'Tin địa phương',
];

const SEARCH_QUERY = 'dang vien';
const EXTRA_FILES = 2000;
// The newest article's date: a fixed instant, so every run writes identical files; a machine
// whose clock is behind it gets dates two days before its "now" instead (never scheduled).
const NEWEST = Date.parse('2025-12-31T18:00:00+07:00');

/** "Đảng viên" → "dang vien": diacritics off, as readers type a search. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'));
}

const foldedWords = (text: string) =>
  foldVietnamese(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/);

/** Roughly the site's URL word for a title (its rule: folded, dashes, at most 100 characters). */
function roughSlug(title: string): string {
  const words = foldVietnamese(title)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words.slice(0, 100);
}

export interface DatasetOptions {
  workDir: string;
  count: number;
  seedFile: string | undefined;
  corpusDir: string | undefined;
  /** The span the dates are spread over, ending at the newest article (default 5). */
  years?: number;
  /**
   * Each article in its section's folder, the section named by the folder alone (as editors
   * file them), instead of one flat folder with `section:` in the front matter.
   */
  sectionFolders?: boolean;
  /** Tags per article: a number, or 2 to 4 at random when undefined. */
  tagsPerArticle?: number;
  /** Write the 2,000 plain-text files for the bulk copy too (default true). */
  withExtra?: boolean;
}

/**
 * Writes N articles from the district report and the corpus (cycled, with varied titles), or
 * from generated text when the corpus is absent, plus 2,000 plain-text files for the bulk copy.
 * Same inputs, same bytes: the random generator is seeded and the dates are fixed.
 */
export async function generateDataset({
  workDir,
  count,
  seedFile,
  corpusDir,
  years = 5,
  sectionFolders = false,
  tagsPerArticle,
  withExtra = true,
}: DatasetOptions): Promise<Dataset> {
  const random = createRandom(20221126);
  const articlesDir = path.join(workDir, 'articles');
  const extraDir = path.join(workDir, 'extra');
  await fs.mkdir(articlesDir, { recursive: true });
  if (withExtra) await fs.mkdir(extraDir, { recursive: true });
  if (sectionFolders) {
    for (const section of SECTIONS) await fs.mkdir(path.join(articlesDir, section));
  }

  const corpus = corpusDir ? await readCorpus(corpusDir) : [];
  const texts: SourceText[] =
    corpus.length > 0 ? corpus.map((c) => c.text) : generateVietnameseTexts(EXTRA_FILES, random);
  const seed = seedFile ? parseSourceText(await fs.readFile(seedFile, 'utf8')) : undefined;

  const newest = Math.min(NEWEST, Date.now() - 2 * 86_400_000);
  const stepS = Math.max(1, Math.floor((years * 365.25 * 86_400) / count));
  const dateOrder = random.shuffle(Array.from({ length: count }, (_, i) => i));
  const slugs = new Set<string>();
  let searchMatches = 0;
  // Both query words anywhere in the title or text, once folded: what a folded search finds.
  const bodyWords = new Map<SourceText, Set<string>>();
  const matchesQuery = (text: SourceText, title: string) => {
    let words = bodyWords.get(text);
    if (!words) bodyWords.set(text, (words = new Set(foldedWords(text.paragraphs.join(' ')))));
    const titleWords = foldedWords(title);
    return SEARCH_QUERY.split(' ').every((w) => words.has(w) || titleWords.includes(w));
  };

  for (let i = 0; i < count; i++) {
    const reused = seed ? i - 1 : i;
    const text = i === 0 && seed ? seed : texts[reused % texts.length]!;
    const cycle = Math.floor(reused / texts.length);
    let title =
      cycle < 1 || (i === 0 && seed)
        ? text.title
        : `${TITLE_VARIANTS[(cycle - 1) % TITLE_VARIANTS.length]}${cycle > TITLE_VARIANTS.length ? ` ${Math.ceil(cycle / TITLE_VARIANTS.length)}` : ''}: ${text.title}`;
    if (slugs.has(roughSlug(title))) title = `Số ${i + 1}: ${title}`;
    slugs.add(roughSlug(title));

    // Distinct dates: each article owns a step-long slot, jittered inside it.
    const seconds = dateOrder[i]! * stepS + random.int(stepS);
    const shuffled = random.shuffle(TAGS);
    const tags = shuffled.slice(0, tagsPerArticle ?? 2 + random.int(3));
    const section = SECTIONS[random.int(SECTIONS.length)]!;
    const file = markdownArticle({
      title,
      date: vietnamDate(newest - seconds * 1000),
      section: sectionFolders ? undefined : section,
      tags,
      author: random.pick(AUTHORS),
      paragraphs: text.paragraphs,
    });
    if (matchesQuery(text, title)) searchMatches++;
    const name = `bai-${String(i + 1).padStart(6, '0')}.md`;
    await fs.writeFile(path.join(articlesDir, sectionFolders ? section : '', name), file);
  }

  if (withExtra && corpus.length > 0) {
    for (const { file } of corpus.slice(0, EXTRA_FILES)) {
      await fs.copyFile(file, path.join(extraDir, path.basename(file)));
    }
  } else if (withExtra) {
    for (const [i, text] of texts.slice(0, EXTRA_FILES).entries()) {
      await fs.writeFile(
        path.join(extraDir, `tin-${String(i + 1).padStart(4, '0')}.txt`),
        `${text.title}\n\n${text.paragraphs.join('\n\n')}\n`,
      );
    }
  }

  return {
    articlesDir,
    count,
    extraDir,
    extraCount: withExtra ? Math.min(texts.length, EXTRA_FILES) : 0,
    source: corpus.length > 0 ? 'corpus' : 'generated',
    searchQuery: SEARCH_QUERY,
    searchMatches,
  };
}

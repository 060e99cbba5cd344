import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slugify } from '../../src/content/parse/slug.js';

// Every precomposed Vietnamese letter, grouped by the ASCII letter it folds to.
const LETTERS: Record<string, string> = {
  a: 'aáàảãạăắằẳẵặâấầẩẫậ',
  e: 'eéèẻẽẹêếềểễệ',
  i: 'iíìỉĩị',
  o: 'oóòỏõọôốồổỗộơớờởỡợ',
  u: 'uúùủũụưứừửữự',
  y: 'yýỳỷỹỵ',
  d: 'dđ',
};

describe('slugify', () => {
  for (const [ascii, letters] of Object.entries(LETTERS)) {
    for (const letter of letters) {
      it(`folds "${letter}" and "${letter.toUpperCase()}" to "${ascii}"`, () => {
        assert.equal(slugify(letter), ascii);
        assert.equal(slugify(letter.toUpperCase()), ascii);
        assert.equal(slugify(letter.normalize('NFD')), ascii);
      });
    }
  }

  it('folds the look-alike Ð (U+00D0) that some keyboards type for Đ', () => {
    assert.equal(slugify('\u00D0ảng viên'), 'dang-vien');
  });

  const titles: [string, string][] = [
    [
      'Huyện ủy Pác Nặm bám sát thực tiễn thực hiện nhiệm vụ trọng tâm',
      'huyen-uy-pac-nam-bam-sat-thuc-tien-thuc-hien-nhiem-vu-trong-tam',
    ],
    ['ĐẢNG VIÊN được hỗ trợ', 'dang-vien-duoc-ho-tro'],
    ['  Giá xăng: tăng 1.000đ/lít (từ 15h)!  ', 'gia-xang-tang-1-000d-lit-tu-15h'],
    ['"Mục tiêu kép" – vừa phòng, vừa chống', 'muc-tieu-kep-vua-phong-vua-chong'],
    ['Tên lửa IIА-109 (chữ А Kirin)', 'ten-lua-ii-109-chu-kirin'],
    ['Авангард', ''],
  ];
  for (const [title, slug] of titles) {
    it(`turns "${title}" into "${slug}"`, () => {
      assert.equal(slugify(title), slug);
    });
  }

  it('gives the same slug for NFC and NFD input', () => {
    const title = 'Nghiên Loan, Cổ Linh và Bộc Bố';
    assert.equal(slugify(title.normalize('NFD')), slugify(title.normalize('NFC')));
  });

  it('cuts a very long title at a word boundary, at most 100 characters', () => {
    const slug = slugify('Thông tin '.repeat(30));
    assert.ok(slug.length <= 100, `${slug.length} characters`);
    assert.match(slug, /^(thong-tin-)*thong-tin$/);
  });
});

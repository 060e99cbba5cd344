import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isInterfaceLine,
  isNearDuplicate,
  readByline,
} from '../../src/content/parse/text-rules.js';

describe('readByline', () => {
  const bylines: [string, string | undefined][] = [
    ['Nguyễn Nghĩa', 'Nguyễn Nghĩa'],
    ['Theo TTXVN', 'TTXVN'],
    ['Hoàng Anh (tổng hợp)', 'Hoàng Anh'],
    ['Châu Như Quỳnh', 'Châu Như Quỳnh'],
    ['Hà An - Minh Châu', 'Hà An, Minh Châu'],
    ['Theo Reuters', 'Reuters'],
    ['Người dân rất phấn khởi.', undefined],
    ['Xem thêm', undefined],
    ['Hà', undefined],
    ['Tổng diện tích gieo trồng đạt 2.637ha', undefined],
    ['Ông Nguyễn Văn A cho biết:', undefined],
    ['Một Hai Ba Bốn Năm Sáu Bảy', undefined],
  ];
  for (const [line, author] of bylines) {
    it(`reads "${line}" as ${author === undefined ? 'no byline' : `"${author}"`}`, () => {
      assert.equal(readByline(line), author);
    });
  }
});

describe('isInterfaceLine', () => {
  const lines: [string, boolean][] = [
    ['Xem thêm', true],
    ['XEM THÊM »', true],
    ['Chia sẻ | Bình luận', true],
    ['In bài viết', true],
    ['Tin liên quan:', true],
    ['Xem thêm các tin khác về Pác Nặm', false],
    ['Bình luận của độc giả về dự án rất tích cực.', false],
  ];
  for (const [line, expected] of lines) {
    it(`${expected ? 'drops' : 'keeps'} "${line}"`, () => {
      assert.equal(isInterfaceLine(line), expected);
    });
  }
});

describe('isNearDuplicate', () => {
  it('matches the district report caption and its scraped copy', () => {
    assert.ok(
      isNearDuplicate(
        'Bộ phận Văn phòng huyện ủy Pác Nặm tập trung thực hiện nhiệm vụ bảo đảm thích ứng với công tác phòng, chống Covd-19',
        'Bộ phận Văn phòng Huyện ủy Pác Nặm tập trung thực hiện nhiệm vụ bảo đảm thích ứng với phòng, chống Covd-19.',
      ),
    );
  });

  it('keeps apart two sentences that only share a phrase', () => {
    assert.ok(
      !isNearDuplicate(
        'Huyện ủy Pác Nặm tổ chức hội nghị tổng kết năm 2022.',
        'Huyện ủy Pác Nặm ban hành kế hoạch cải cách hành chính năm 2023.',
      ),
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkHtml, type HtmlMessage } from '../helpers/html-checker.js';
import { startSampleSite, type SampleSite } from '../helpers/sample-site.js';

const BROKEN_PAGE = 'broken-control';

describe('the W3C Nu HTML Checker', { timeout: 120_000 }, () => {
  let sample: SampleSite;
  let messages: HtmlMessage[];

  before(async () => {
    sample = await startSampleSite();
    const pages: { name: string; html: string }[] = [];
    for (const page of sample.pages) {
      const response = await sample.site.get(page.path);
      assert.equal(response.status, page.status, page.path);
      pages.push({ name: page.name, html: await response.text() });
    }
    // A control: if the checker silently checked nothing, this page would pass too.
    pages.push({
      name: BROKEN_PAGE,
      html: '<!DOCTYPE html><html lang="vi"><title>x</title><p><div></p>',
    });
    messages = await checkHtml(pages);
  });

  after(() => sample?.site.close());

  it('works: it reports the error in a deliberately broken page', () => {
    assert.ok(
      messages.some((m) => m.type === 'error' && m.page === BROKEN_PAGE),
      'the checker found nothing wrong in a page with an unclosed <div> inside <p>',
    );
  });

  it('reports no error on any page type', () => {
    const errors = messages
      .filter((m) => m.type !== 'info' && m.page !== BROKEN_PAGE)
      .map((m) => `${m.page}.html:${m.lastLine}: ${m.message} (${m.extract ?? ''})`);
    assert.deepEqual(errors, []);
  });
});

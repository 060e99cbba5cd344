import fs from 'node:fs/promises';
import path from 'node:path';
import type { BenchRun } from './bench-context.js';
import { markdownArticle, vietnamDate } from './markdown-article.js';
import { runWrk, type WrkResult } from './run-wrk.js';
import { sleep } from './sleep.js';
import type { SiteProcess } from './start-site.js';
import { watchHomePage } from './watch-home-page.js';

export const EDITING_RUN = {
  connections: 8,
  saves: 8,
  /**
   * The load is cut into this many rounds of a quiet load then a load with saves, and each
   * round's two are compared: a slow minute of the machine touches both alike. Two 10 s loads
   * in a row, neither with saves, varied by up to 40 % on this machine, four times what the goal
   * allows the saves; eight rounds of 5 s give the median eight pairs.
   */
  rounds: 8,
  /** Between one save and the next, whether or not the last one is listed yet. */
  saveIntervalMs: 2000,
  folder: 'Thời sự',
  /** A save not on the home page this long after it was written counts as never listed. */
  listedTimeoutMs: 120_000,
} as const;

/** One round: wrk on the article with no saves, then as long again while files are saved. */
export interface EditingRound {
  quiet: WrkResult;
  withSaves: WrkResult;
}

export interface EditingRun {
  rounds: EditingRound[];
  /** From each save to the first answer of `/` that lists it, for the saves that were listed. */
  listedAfterMs: number[];
  unlisted: number;
}

/** The paragraphs after an archive file's front matter: the words of a real article. */
const paragraphsOf = (text: string) =>
  text
    .slice(text.indexOf('\n---\n', 3) + 5)
    .trim()
    .split(/\n{2,}/);

/**
 * Issue 15's editing run: `wrk -t1 -c8` on one article page for `loadS` with no saves, and as
 * long while 8 new Markdown files are saved into `Thời sự/`, 2 s apart, in rounds: each round a
 * quiet load then a load with its share of the saves. Each save is written in place as an
 * editor's save is (no temporary name), and timed from the start of its write until the home
 * page lists its title. In every load a separate connection reloads `/` every 20 ms, so the
 * saves are the only difference between the two loads of a round.
 */
export async function measureEditingRun(
  run: BenchRun,
  site: SiteProcess,
  { articlePath, contentDir, loadS }: { articlePath: string; contentDir: string; loadS: number },
): Promise<EditingRun> {
  const folder = path.join(contentDir, EDITING_RUN.folder);
  const sample = (await fs.readdir(folder)).sort().find((name) => name.endsWith('.md'));
  if (!sample) throw new Error(`no Markdown file in ${folder} to take an article's words from`);
  const paragraphs = paragraphsOf(await fs.readFile(path.join(folder, sample), 'utf8'));
  const { rounds: roundCount, saves } = EDITING_RUN;
  // wrk takes whole seconds.
  const load = {
    durationS: Math.max(1, Math.round(loadS / roundCount)),
    connections: EDITING_RUN.connections,
  };

  const home = watchHomePage(site.url);
  const rounds: EditingRound[] = [];
  const listed: Promise<number | undefined>[] = [];
  try {
    for (let round = 0; round < roundCount; round++) {
      run.log(
        `  round ${round + 1}/${roundCount}: wrk on ${articlePath} for ${load.durationS} s, no saves`,
      );
      const quiet = await runWrk(run, site.url + articlePath, load);
      await sleep(2000);
      run.log(
        `  round ${round + 1}/${roundCount}: wrk for ${load.durationS} s while files are saved`,
      );
      const loaded = runWrk(run, site.url + articlePath, load);
      const from = performance.now();
      const first = Math.round((round * saves) / roundCount);
      const last = Math.round(((round + 1) * saves) / roundCount);
      for (let k = first + 1; k <= last; k++) {
        // The first save once wrk has had a save interval to reach its pace.
        await sleep(from + (k - first) * EDITING_RUN.saveIntervalMs - performance.now());
        const title = `Bản tin lưu lúc đo số ${k}: nước sạch về bản vùng cao`;
        const text = markdownArticle({
          title,
          // A minute ago: newer than the whole archive, so it leads the home page at once.
          date: vietnamDate(Date.now() - 60_000),
          section: undefined,
          tags: ['nước sạch', 'giảm nghèo'],
          author: 'Phóng viên thường trú',
          paragraphs,
        });
        const savedAt = performance.now();
        // Waited for before the write, so no answer of `/` after it can be missed.
        const shown = home.whenListed(title, EDITING_RUN.listedTimeoutMs);
        await fs.writeFile(path.join(folder, `ban-tin-luu-${k}.md`), text);
        listed.push(shown.then((at) => (at === undefined ? undefined : at - savedAt)));
      }
      rounds.push({ quiet, withSaves: await loaded });
      await sleep(2000);
    }
    const times = await Promise.all(listed);
    const listedAfterMs = times.filter((ms): ms is number => ms !== undefined);
    return { rounds, listedAfterMs, unlisted: times.length - listedAfterMs.length };
  } finally {
    await home.stop();
  }
}

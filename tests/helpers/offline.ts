// Code passed to page.evaluate runs in the browser and uses its DOM types.
/// <reference lib="dom" />
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../../harness/wait-for.js';
import { ledgerFileOf } from '../../src/content/editor-files/ledger.js';

// The tests' articles have small ids: all in the ledger's first file.
const LEDGER_FILE = ledgerFileOf(1);

/** An article file with its own date (the day of April 2024) and, if given, a lead picture. */
export function articleFile(title: string, day: number, text: string, image?: string): string {
  const picture = image ? `image: ${image}\nimage_alt: Ảnh của bài ${day}\n` : '';
  return `---
title: ${title}
date: 2024-04-${String(day).padStart(2, '0')}T08:00
${picture}---
${text}

Theo báo cáo của Ủy ban nhân dân huyện, năm qua các xã vùng cao đã hoàn thành phần lớn chỉ tiêu
về giao thông nông thôn, nước sạch và trường học.
`;
}

/**
 * The path of every article of the content folder, by file: the ledger gives each file's id,
 * and "/<id>.html" answers 301 to the article's own address.
 */
export async function articlePaths(baseUrl: string, contentDir: string) {
  const paths = new Map<string, string>();
  await waitFor(
    async () =>
      (await fs.readFile(path.join(contentDir, LEDGER_FILE), 'utf8').catch(() => '')) !== '',
    10_000,
    'the ledger is written',
  );
  const ledger = await fs.readFile(path.join(contentDir, LEDGER_FILE), 'utf8');
  for (const line of ledger.split('\n')) {
    const [id, , , , file] = line.split('\t');
    if (!id || !/^\d+$/.test(id) || !file) continue;
    const location = await new Promise<string | undefined>((resolve, reject) =>
      http
        .get(`${baseUrl}/${id}.html`, (response) => {
          response.resume();
          resolve(response.headers.location);
        })
        .on('error', reject),
    );
    if (location) paths.set(file, location);
  }
  return paths;
}

/**
 * The names of the page's origin's caches. Reading them changes nothing, so it may run while a
 * worker is deleting caches (a new release taking over, or the worker retiring).
 */
export function cacheNames(page: Page): Promise<string[]> {
  return page.evaluate(() => caches.keys());
}

/**
 * Every address kept in the page's origin's Cache Storage, by cache name. Reading a cache's
 * addresses opens it, and opening makes a cache again if a worker deleted it after the names
 * were read (so does the DevTools protocol's reading): only for an origin whose worker keeps
 * its caches, never during a takeover, where it would leave behind the cache it checks is gone.
 */
export function listCaches(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const all: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      all[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    }
    return all;
  });
}

/** The paths (with their queries) of every address the origin's caches hold. */
export async function cachedPaths(page: Page): Promise<string[]> {
  return Object.values(await listCaches(page))
    .flat()
    .map((url) => new URL(url).pathname + new URL(url).search);
}

/**
 * Waits until the worker has saved the page at `pathname`. It looks the page up in every cache
 * without opening any, so it may run during a takeover.
 */
export async function waitForSaved(page: Page, pathname: string): Promise<void> {
  await waitFor(
    () => page.evaluate(async (key) => (await caches.match(key)) !== undefined, pathname),
    10_000,
    `the worker saves ${pathname}`,
  );
}

/** Waits until the page is controlled by a service worker. */
export async function waitForWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The note a page answered from its saved copy carries, or undefined. */
export async function savedNote(page: Page): Promise<string | undefined> {
  const note = page.locator('.saved-copy');
  return (await note.count()) > 0 ? (await note.innerText()).trim() : undefined;
}

/** The pictures of the page that are drawn: loaded, with real pixels. */
export function drawnImages(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.images]
      .filter((image) => image.complete && image.naturalWidth > 0)
      .map((image) => image.currentSrc),
  );
}

/** A saved page as the worker records it. */
export interface SavedPage {
  kind: 'article' | 'listing';
  title: string;
  savedAt: number;
  readAt: number;
  images: string[];
}

/** The worker's own record of what it saved, [path, page] in the order it keeps them. */
export function readSavedIndex(page: Page): Promise<[string, SavedPage][]> {
  return page.evaluate(async () => {
    const saved = await caches.match('/.tin/index.json');
    return saved ? ((await saved.json()) as { pages: [string, SavedPage][] }).pages : [];
  });
}

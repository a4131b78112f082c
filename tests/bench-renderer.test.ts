// The renderer part of `npm run bench`, NOT a test: it runs only when the benchmark asks for it
// (CASEBOOK_BENCH_RENDERER_OUT names the file to write) and asserts nothing about time. With a
// store of many crises (100,000 by default) it measures, in Chromium through the browser test
// harness, the crisis list's first paint and the frame times while scrolling it.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { fillStore } from '../bench/dataset';
import { type App, launchBrowser, openApp } from './support/browser';
import { goTo } from './support/browserFlows';

const out = process.env['CASEBOOK_BENCH_RENDERER_OUT'];
const crises = Number(process.env['CASEBOOK_BENCH_RENDERER_CRISES'] ?? 100_000);

interface FrameProbe {
  frames: number[];
  firstRowAt: number | null;
  startedAt: number;
}

/** The few browser globals the page-side code uses (this project's Node typings have no DOM). */
interface PageGlobals {
  __probe: FrameProbe;
  requestAnimationFrame: (callback: (now: number) => void) => number;
  document: { querySelector: (selector: string) => unknown };
}

describe.skipIf(!out)('renderer benchmark (only inside npm run bench)', () => {
  let browser: Browser;
  let app: App;
  beforeAll(async () => {
    browser = await launchBrowser();
    app = await openApp(browser);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await browser?.close();
  });

  test('first paint and frame times of the crisis list', async () => {
    const { page } = app;
    const seeding = performance.now();
    fillStore(app.session.requireStore(), { crises, logEntries: 0, hotlineCalls: 0 }, 99);
    const seedSeconds = (performance.now() - seeding) / 1000;

    // Frames are timed in the page: requestAnimationFrame deltas, from before the list is asked for.
    await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      const probe: FrameProbe = { frames: [], firstRowAt: null, startedAt: performance.now() };
      page.__probe = probe;
      let last = performance.now();
      const tick = (now: number) => {
        probe.frames.push(now - last);
        last = now;
        if (probe.firstRowAt === null && page.document.querySelector('[data-crisis-id]')) probe.firstRowAt = now;
        page.requestAnimationFrame(tick);
      };
      page.requestAnimationFrame(tick);
    });
    const resetProbe = () =>
      page.evaluate(() => {
        const probe = (globalThis as unknown as PageGlobals).__probe;
        probe.frames = [];
        probe.firstRowAt = null;
        probe.startedAt = performance.now();
      });
    const readProbe = () => page.evaluate(() => ({ ...(globalThis as unknown as PageGlobals).__probe }));

    await resetProbe();
    await goTo(page, 'crises');
    await page.locator('[data-crisis-id]').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    const opened = await readProbe();
    const firstPaintMs = (opened.firstRowAt ?? Number.NaN) - opened.startedAt;

    const grid = page.locator('[role="grid"]');
    const box = await grid.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move((box?.x ?? 0) + 200, (box?.y ?? 0) + 200);

    // Scrolling as a person does: wheel steps, a little faster than reading.
    await resetProbe();
    for (let step = 0; step < 150; step++) {
      await page.mouse.wheel(0, 240);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(300);
    const wheel = await readProbe();

    // Paging down with the keyboard, which reads further keyset pages.
    await grid.focus();
    await resetProbe();
    for (let step = 0; step < 40; step++) {
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(300);
    const paging = await readProbe();

    const result = {
      crises,
      seedSeconds,
      firstPaintMs,
      openingFrames: opened.frames,
      wheelFrames: wheel.frames.slice(1),
      pagingFrames: paging.frames.slice(1),
    };
    writeFileSync(out as string, JSON.stringify(result));
  }, 900_000);
});

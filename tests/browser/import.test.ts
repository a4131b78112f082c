// The Import screen end to end in Chromium over a real encrypted store, with the import on its own
// thread (out/main/importWorker.js): a clean file checked then imported, the same file again
// (nothing new), a file with bad rows in Cyrillic (nothing by default, then only the valid rows),
// and a large file whose import is cancelled (nothing written). The shell's open dialog is the
// ExchangeShell port, answering with a real file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type App, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { provideExchangeShell } from '../../src/main/services/export/shell';
import { tempFolder } from '../support/tempStore';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

/** The open dialog answers with `path()` as it is when asked. */
function answerOpenDialog(app: App, path: () => string): void {
  provideExchangeShell(app.session, {
    printPdf: async () => Buffer.alloc(0),
    chooseSavePath: async () => null,
    chooseOpenPath: async () => path(),
  });
}

async function openImportScreen(page: Page, language: 'sr-Latn' | 'sr-Cyrl' | 'en'): Promise<void> {
  await page.getByRole('button', { name: text('nav.import', {}, language) }).click();
  await page.getByRole('heading', { level: 1, name: text('imports.title', {}, language) }).waitFor();
}

async function crisisCount(app: App): Promise<number> {
  return (await app.api('crises.list', { limit: 1 })).total ?? 0;
}

function figure(page: Page, name: string) {
  return page.locator(`[data-figure="${name}"] dd`);
}

test('a clean file is checked (columns, preview) before anything is written, imported once, and a second time adds nothing', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    answerOpenDialog(app, () => join(FIXTURES, 'example-crises.csv'));
    await openImportScreen(page, 'sr-Latn');
    await page.getByRole('button', { name: text('imports.choose') }).click();
    await page.getByTestId('import-check').waitFor();
    expect(await page.getByTestId('import-file').innerText()).toContain('example-crises.csv');
    expect(await figure(page, 'rowsRead').innerText()).toBe('12');
    expect(await figure(page, 'importable').innerText()).toBe('12');
    expect(await figure(page, 'invalidRows').innerText()).toBe('0');
    expect(await page.getByTestId('columns-recognised').locator('li').allInnerTexts()).toEqual(
      expect.arrayContaining(['team', 'started_at', 'outcome', 'lead_negotiator']),
    );
    // The first rows as they will be stored: team names, Belgrade time in the UI's format, the type's name.
    const firstRow = page.getByTestId('import-preview').locator('tbody tr').first();
    const cells = await firstRow.locator('td').allInnerTexts();
    expect(cells).toEqual(expect.arrayContaining(['2', 'Beograd', '14. 1. 2024. 09:20', 'Marko Petrović']));
    expect(cells).toContain(text('crisisType.hostage'));
    expect(await crisisCount(app)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'import-checked');

    await page.getByRole('button', { name: text('imports.importRows_other', { n: 12 }) }).click();
    const outcome = page.getByTestId('import-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain(text('imports.imported.crises_other', { n: 12 }));
    expect(await crisisCount(app)).toBe(12);
    const imports = (await app.api('audit.list', { limit: 100 })).filter((entry) => entry.action === 'import');
    expect(imports).toHaveLength(1);

    // The same file again: every row is already there, and there is nothing to import.
    await page.getByRole('button', { name: text('imports.chooseAnother') }).click();
    await page.getByTestId('import-check').waitFor();
    await expect.poll(() => figure(page, 'alreadyPresent').innerText()).toBe('12');
    expect(await figure(page, 'importable').innerText()).toBe('0');
    await page.getByText(text('imports.nothingNew')).waitFor();
    expect(await page.getByRole('button', { name: /^Uvezite/ }).count()).toBe(0);
    expect(await crisisCount(app)).toBe(12);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('bad rows are listed by line, column and reason in Cyrillic; by default nothing is imported, or only the valid rows', async () => {
  const app = await openApp(browser, { language: 'sr-Cyrl' });
  const { page } = app;
  try {
    const path = join(tempFolder(), 'mixed.csv');
    writeFileSync(
      path,
      [
        'team;started_at;ended_at;type;outcome',
        'Niš;5. 3. 2024. 14:30;5. 3. 2024. 16:00;hostage;released',
        'Atlantida;6. 3. 2024. 10:00;6. 3. 2024. 11:00;hostage;released',
        'Beograd;juče;7. 3. 2024. 11:00;hostage;released',
        'Kraljevo;8. 3. 2024. 10:00;8. 3. 2024. 11:00;barricade;surrender',
      ].join('\r\n'),
    );
    answerOpenDialog(app, () => path);
    await openImportScreen(page, 'sr-Cyrl');
    await page.getByRole('button', { name: text('imports.choose', {}, 'sr-Cyrl') }).click();
    await page.getByTestId('import-check').waitFor();
    expect(await figure(page, 'invalidRows').innerText()).toBe('2');
    expect(await figure(page, 'importable').innerText()).toBe('2');

    const issues = page.getByTestId('import-issues').getByRole('listitem');
    await issues.first().waitFor();
    const lines = await issues.allInnerTexts();
    expect(lines.map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      `3 team ${text('importIssue.unknown_team', { value: 'Atlantida', expected: 'Beograd, Novi Sad, Niš, Kragujevac, Kraljevo' }, 'sr-Cyrl')}`,
      `4 started_at ${text('importIssue.not_a_date', { value: 'juče' }, 'sr-Cyrl')}`,
    ]);
    // "Import nothing" is the default: no import button until the person asks for the valid rows only.
    expect(await page.getByRole('radio', { name: text('imports.importNothing', {}, 'sr-Cyrl') }).isChecked()).toBe(true);
    await page.getByText(text('imports.fixAndChooseAgain', {}, 'sr-Cyrl')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'import-bad-rows-cyrillic');

    await page.getByRole('radio', { name: text('imports.importValidOnly_few', { n: 2 }, 'sr-Cyrl') }).check();
    await page.getByRole('button', { name: text('imports.importRows_few', { n: 2 }, 'sr-Cyrl') }).click();
    const outcome = page.getByTestId('import-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain(text('imports.leftOut', { n: 2 }, 'sr-Cyrl'));
    expect(await crisisCount(app)).toBe(2);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('a large file shows its progress, and Cancel leaves the store as it was', { timeout: 300_000 }, async () => {
  const app = await openApp(browser, { language: 'en' });
  const { page } = app;
  try {
    const path = join(tempFolder(), 'large.csv');
    const rows = Array.from({ length: 60_000 }, (_, index) => {
      const start = new Date(Date.UTC(2005, 0, 1) + index * 3_600_000).toISOString();
      return `Kragujevac;${start};;barricade;`;
    });
    writeFileSync(path, ['team;started_at;ended_at;type;outcome', ...rows].join('\n'));
    answerOpenDialog(app, () => path);
    await openImportScreen(page, 'en');
    await page.getByRole('button', { name: text('imports.choose', {}, 'en') }).click();
    // The check shows its progress too.
    await page.getByTestId('import-progress').waitFor();
    await page.getByTestId('import-check').waitFor({ timeout: 240_000 });
    expect(await figure(page, 'importable').innerText()).toBe('60,000');

    await page.getByRole('button', { name: text('imports.importRows_other', { n: '60,000' }, 'en') }).click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    await expect.poll(() => progress.locator('progress').evaluate((bar) => (bar as unknown as { value: number }).value), { timeout: 60_000 }).toBeGreaterThan(0);
    await screenshot(page, 'import-progress');
    await progress.getByRole('button', { name: text('app.cancel', {}, 'en') }).click();
    await page.locator('#main').getByText(text('imports.cancelled', {}, 'en')).waitFor({ timeout: 120_000 });
    expect(await crisisCount(app)).toBe(0);
    expect((await app.api('audit.list', { limit: 100 })).filter((entry) => entry.action === 'import')).toEqual([]);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

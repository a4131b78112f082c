// Export and exchange: the anonymised summary's preview (headline totals equal the statistics
// where published, small counts suppressed, the period changes the tables, notes and legend
// shown), saving and the team bundles answering NOT_AVAILABLE in the harness (no file dialogs)
// with nothing recorded, the export history, axe, keyboard, and the screen hidden from members.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type App, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { CATALOGUES, leaves, text } from '../support/browserText';
import { dateField, serbianDay, typeDate } from '../support/browserFlows';
import { bundleConflict, summaryPeriod } from '../../src/shared/exchange';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const OTHER_PASSPHRASE = 'jug-sever-most-7-reka';
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const MEASURES = [
  ['crises', 'total'],
  ['resolved', 'resolved'],
  ['livesSaved', 'livesSaved'],
  ['hostagesReleased', 'hostagesReleased'],
  ['suicidesPrevented', 'suicidesPrevented'],
] as const;

/** Seven closed crises for Belgrade through 2025, two for Niš (a small count), one call. */
async function seed(app: App) {
  for (let i = 0; i < 7; i += 1) {
    const month = String(1 + i).padStart(2, '0');
    await app.api('crises.create', {
      teamSlug: 'belgrade',
      type: i % 2 ? 'hostage' : 'suicide_attempt',
      startedAt: `2025-${month}-10T10:00:00+01:00`,
      endedAt: `2025-${month}-10T14:00:00+01:00`,
      outcome: i === 6 ? 'tactical' : 'surrender',
      hostages: i % 2 ? 2 : 0,
      hostagesReleased: i % 2 ? 2 : 0,
      suicidesPrevented: i % 2 ? 0 : 1,
      municipality: 'Zemun',
    });
  }
  for (const month of ['03', '09']) {
    await app.api('crises.create', { teamSlug: 'nis', type: 'barricade', startedAt: `2025-${month}-02T10:00:00+01:00`, municipality: 'Palilula' });
  }
  await app.api('hotline.create', {
    receivedAt: '2025-05-06T09:00:00+02:00',
    caller: 'Milica Stanković',
    outlet: 'Južne vesti',
    threat: 'threat',
    urgency: 'high',
    action: 'advice_given',
  });
}

async function expectAxeClean(page: Page, where: string): Promise<void> {
  expect(await seriousViolations(page), where).toEqual([]);
}

/** Waits until the preview shows the current parameters (not busy, not loading). */
async function previewReady(page: Page): Promise<void> {
  await page.locator('[data-testid="summary-preview"]:not([aria-busy])').waitFor();
}

async function byPeriodRows(page: Page): Promise<number> {
  await previewReady(page);
  return page.getByTestId('by-period').locator('tbody tr').count();
}

test('an admin previews the anonymised summary, cannot save in the harness, and sees the bundles answer the same', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await seed(app);

    // The entry is in the sidebar for the admin (the store's creator), reached with Ctrl+9.
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^${text('nav.exchange')}`) }).waitFor();
    await page.keyboard.press('Control+9');
    await page.getByRole('heading', { level: 1, name: text('exchange.title') }).waitFor();
    await page.getByRole('tab', { name: text('exchange.tab.summary'), selected: true }).waitFor();

    // One year, whole: the same filter the statistics get.
    await typeDate(dateField(page, text('exchange.params.from')), serbianDay(YEAR.from));
    await typeDate(dateField(page, text('exchange.params.to')), serbianDay(YEAR.to));
    await previewReady(page);
    const stats = await app.api('stats.summary', YEAR);
    const preview = await app.api('export.preview', { filter: YEAR, period: 'year', k: 5, language: 'sr-Latn' });
    expect(stats.crises.total).toBe(9);
    let published = 0;
    for (const [headline, stat] of MEASURES) {
      const card = page.locator(`[data-headline="${headline}"]`);
      const figure = preview.crises.totals[headline];
      if (figure === null) {
        await card.locator('[data-suppressed]').waitFor();
        continue;
      }
      published += 1;
      expect(figure, headline).toBe(stats.crises[stat]);
      expect(Number(await card.locator('[data-value]').getAttribute('data-value')), headline).toBe(stats.crises[stat]);
    }
    expect(published).toBeGreaterThanOrEqual(2);
    expect(Number(await page.locator('[data-headline="crises"] [data-value]').getAttribute('data-value'))).toBe(9);

    // Niš's two crises are below k = 5: suppressed, and Belgrade's with them (else 9 − 7 = 2).
    const byTeam = page.getByTestId('by-team');
    await byTeam.locator('tr[data-row="nis"] td[data-measure="crises"] [data-suppressed]').waitFor();
    await byTeam.locator('tr[data-row="belgrade"] td[data-measure="crises"] [data-suppressed]').waitFor();
    expect(preview.crises.byTeam.find((row) => row.team === 'nis')?.crises).toBeNull();
    expect(await page.locator('[data-suppressed]').count()).toBeGreaterThan(2);
    await page.getByTestId('suppression-legend').waitFor();
    // The notes are the export's own, in the report's language.
    const notes = page.getByTestId('preview-notes').locator('li');
    expect(await notes.count()).toBe(preview.notes.length);
    expect(await notes.first().innerText()).toBe(preview.notes[0]);

    // The period changes the tables: one year, four quarters, twelve months.
    expect(await byPeriodRows(page)).toBe(1);
    await page.getByRole('radio', { name: text('exchange.period.quarter') }).check();
    await page.locator('[data-testid="summary-preview"][aria-busy]').waitFor({ state: 'detached' });
    expect(await byPeriodRows(page)).toBe(4);
    await page.getByTestId('by-period').getByRole('rowheader', { name: text('exchange.quarter', { quarter: 3, year: 2025 }) }).waitFor();
    await page.getByRole('radio', { name: text('exchange.period.month') }).check();
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid="by-period"] tbody tr').length === 12);
    await page.getByRole('radio', { name: text('exchange.period.quarter') }).check();
    expect(await byPeriodRows(page)).toBe(4);

    // k below the minimum is refused by the shared schema before anything is asked.
    const k = page.getByLabel(text('exchange.params.k'), { exact: true });
    await k.fill('2');
    await page.getByText(text('validation.k_below_minimum')).waitFor();
    expect(await page.getByRole('button', { name: text('exchange.save.as', { format: 'CSV' }) }).isDisabled()).toBe(true);
    await k.fill('5');
    await previewReady(page);

    await expectAxeClean(page, 'summary preview');
    await screenshot(page, '40-export-preview');

    // Saving needs main's save dialog: the harness has none, so NOT_AVAILABLE, and nothing recorded.
    for (const format of ['CSV', 'PDF', 'Excel']) {
      await page.getByRole('button', { name: text('exchange.save.as', { format }) }).click();
      const failed = page.getByTestId('save-failed');
      await failed.getByText(text('exchange.save.failed', { message: text('errors.NOT_AVAILABLE') })).waitFor();
    }
    expect(await app.api('export.history')).toEqual([]);
    await expectAxeClean(page, 'save failed');
    await screenshot(page, '41-export-not-available');

    // Team bundles, by keyboard: the tabs follow the arrow keys.
    await page.getByRole('tab', { name: text('exchange.tab.summary') }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: text('exchange.tab.bundles'), selected: true }).waitFor();
    await page.getByRole('button', { name: text('exchange.bundles.export') }).click();
    const exportDialog = page.getByRole('dialog', { name: text('exchange.bundles.exportTitle') });
    await exportDialog.getByLabel(text('exchange.bundles.passphrase'), { exact: true }).fill('kratka');
    await exportDialog.getByLabel(text('exchange.bundles.passphraseRepeat'), { exact: true }).fill('kratka');
    await exportDialog.getByRole('button', { name: text('exchange.bundles.exportConfirm') }).click();
    await exportDialog.getByText(text('validation.passphrase_too_short')).waitFor();
    const bundlePassphrase = 'sever-jug-most-reka-9';
    await exportDialog.getByLabel(text('exchange.bundles.scope'), { exact: true }).selectOption('nis');
    await exportDialog.getByLabel(text('exchange.bundles.passphrase'), { exact: true }).fill(bundlePassphrase);
    await exportDialog.getByLabel(text('exchange.bundles.passphraseRepeat'), { exact: true }).fill(bundlePassphrase);
    await exportDialog.getByLabel(text('exchange.bundles.passphraseRepeat'), { exact: true }).press('Enter');
    await exportDialog.getByText(text('exchange.bundles.exportFailed', { message: text('errors.NOT_AVAILABLE') })).waitFor();
    await page.locator('.strength-label strong').filter({ hasNotText: text('session.strengthChecking') }).waitFor();
    await expectAxeClean(page, 'bundle export dialog');
    await screenshot(page, '42-bundle-export-not-available');
    await page.keyboard.press('Escape');
    await exportDialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: text('exchange.bundles.import') }).click();
    const importDialog = page.getByRole('dialog', { name: text('exchange.bundles.importTitle') });
    await importDialog.getByLabel(text('exchange.bundles.importPassphrase'), { exact: true }).fill(bundlePassphrase);
    await importDialog.getByRole('button', { name: text('exchange.bundles.importConfirm') }).click();
    await importDialog.getByText(text('exchange.bundles.importFailed', { message: text('errors.NOT_AVAILABLE') })).waitFor();
    await expectAxeClean(page, 'bundle import dialog');
    await page.keyboard.press('Escape');
    await importDialog.waitFor({ state: 'detached' });
    await expectAxeClean(page, 'bundles');

    // The history: still empty, here and in the store.
    await page.getByRole('tab', { name: text('exchange.tab.history') }).click();
    await page.getByTestId('export-history').getByText(text('exchange.history.empty')).waitFor();
    expect(await app.api('export.history')).toEqual([]);
    await expectAxeClean(page, 'history');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('members do not see the export screen; a coordinator does', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    for (const [name, role, teamSlug] of [
      ['Milan Nikolić', 'member', 'nis'],
      ['Jelena Ilić', 'coordinator', null],
    ] as const) {
      const passphrase = `${OTHER_PASSPHRASE}-${role}`;
      await app.api('accounts.create', { name, role, teamSlug, passphrase, passphraseRepeat: passphrase });
    }
    const entry = () => page.getByRole('button', { name: new RegExp(`^${text('nav.exchange')}`) });
    const signIn = async (name: string, role: string) => {
      await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
      await page.keyboard.press('Control+L');
      await page.getByRole('heading', { name: text('session.unlockTitle') }).waitFor();
      await page.getByLabel(text('session.unlockUserName'), { exact: true }).fill(name);
      await page.getByLabel(text('session.passphrase'), { exact: true }).fill(`${OTHER_PASSPHRASE}-${role}`);
      await page.getByRole('button', { name: text('session.unlock') }).click();
      await page.locator('.sidebar-user-name', { hasText: name }).waitFor();
    };

    await signIn('Milan Nikolić', 'member');
    expect(await entry().count()).toBe(0);
    await page.keyboard.press('Control+6');
    expect(await page.getByRole('heading', { level: 1, name: text('exchange.title') }).count()).toBe(0);

    // A coordinator has no administration screens but the export one, at Ctrl+6.
    await signIn('Jelena Ilić', 'coordinator');
    await entry().waitFor();
    expect(await page.getByRole('button', { name: new RegExp(`^${text('nav.accounts')}`) }).count()).toBe(0);
    await page.keyboard.press('Control+6');
    await page.getByRole('heading', { level: 1, name: text('exchange.title') }).waitFor();
    await previewReady(page);
    await expectAxeClean(page, 'coordinator export screen');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('the keys the exchange screen builds at run time exist in every catalogue', () => {
  const families: [string, readonly string[]][] = [
    ['exchange.tab', ['summary', 'bundles', 'history']],
    ['exchange.period', summaryPeriod.options],
    ['exchange.periodBy', summaryPeriod.options],
    ['exchange.measure', ['crises', 'resolved', 'hostagesReleased', 'suicidesPrevented', 'livesSaved', 'calls']],
    ['exchange.kind', ['members', 'crises', 'logEntries', 'hotlineCalls']],
    ['exchange.conflictReason', bundleConflict.shape.reason.options],
    ['nav', ['exchange']],
  ];
  for (const [language, catalogue] of Object.entries(CATALOGUES)) {
    const keys = new Set(leaves(catalogue).map(([key]) => key.replace(/_(one|few|other)$/, '')));
    for (const [prefix, values] of families) for (const value of values) expect(keys.has(`${prefix}.${value}`), `${language} ${prefix}.${value}`).toBe(true);
    for (const period of summaryPeriod.options) expect(keys.has(`exchange.periodCount.${period}`), `${language} periodCount.${period}`).toBe(true);
  }
});

test('in Cyrillic the export screen has no Latin letters but file formats, hashes and language names', async () => {
  const app = await openApp(browser, { language: 'sr-Cyrl' });
  const { page } = app;
  try {
    await seed(app);
    await page.getByRole('navigation', { name: text('nav.label', {}, 'sr-Cyrl') }).waitFor();
    await page.keyboard.press('Control+9');
    await page.getByRole('heading', { level: 1, name: text('exchange.title', {}, 'sr-Cyrl') }).waitFor();
    await previewReady(page);
    // Kept as written: names (data), key names, file formats, and the report notes' own k and x.
    const keep = /Ana Petrović|Crisis Casebook|\bCC\b|\bSOS\b|\bCtrl(?: [1-9L])?\b|\b(?:CSV|JSON|PDF|Excel|SHA|null|x|k)\b|Srpski \(latinica\)|English/g;
    for (const tab of ['summary', 'bundles', 'history'] as const) {
      await page.getByRole('tab', { name: text(`exchange.tab.${tab}`, {}, 'sr-Cyrl') }).click();
      await page.locator('main .loading').first().waitFor({ state: 'detached' });
      const body = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
      expect(body.replace(keep, ' ').match(/[A-Za-zČĆŽŠĐčćžšđ]+/g)?.join(' ') ?? null, tab).toBeNull();
    }
    await expectAxeClean(page, 'Cyrillic history');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// Deciding bundle conflicts in the UI: a team's store and the coordinator's both change the same
// crisis; the coordinator imports the team's bundle, sees the conflict, takes the team's version,
// and the store then holds it. The shell's file dialog is the ExchangeShell port, answered with a
// real bundle file written by the team's real store.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { exportBundle } from '../../src/main/services/bundles';
import { createCrisis, getCrisis, updateCrisis } from '../../src/main/services/crises';
import { provideExchangeShell } from '../../src/main/services/export/shell';
import { newTestStore, tempFolder } from '../support/tempStore';

const BUNDLE_PASSPHRASE = 'most-na-nisavi-2024';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

test('a conflict from a bundle is decided in the UI, and the chosen version is what the store keeps', async () => {
  const app = await openApp(browser, { language: 'en' });
  const { page } = app;
  try {
    const team = await newTestStore('Tim Niš');
    const bundlePath = join(tempFolder(), 'nis.ccbundle');
    const writeBundle = async () => writeFileSync(bundlePath, await exportBundle(team.store, { teamSlug: 'nis', passphrase: BUNDLE_PASSPHRASE }));
    provideExchangeShell(app.session, {
      printPdf: async () => Buffer.alloc(0),
      chooseSavePath: async () => null,
      chooseOpenPath: async () => bundlePath,
    });

    const crisis = createCrisis(team.store, { teamSlug: 'nis', startedAt: '2024-06-01T10:00:00Z', type: 'barricade', notes: 'Prvi zapis' });
    await writeBundle();
    expect((await app.api('bundles.import', { passphrase: BUNDLE_PASSPHRASE })).report?.crises.added).toBe(1);

    // Both sides change the crisis after that exchange.
    const atTeam = getCrisis(team.store, crisis.id);
    updateCrisis(team.store, { id: crisis.id, version: atTeam.version, crisis: { ...atTeam, notes: 'Verzija tima' } });
    const here = await app.api('crises.get', { id: crisis.id });
    await app.api('crises.update', { id: crisis.id, version: here.version, crisis: { ...here, notes: 'Verzija koordinatora' } });
    await writeBundle();

    await page.keyboard.press('Control+9');
    await page.getByRole('heading', { level: 1, name: text('exchange.title', {}, 'en') }).waitFor();
    await page.getByRole('tab', { name: text('exchange.tab.bundles', {}, 'en') }).click();
    await page.getByRole('button', { name: text('exchange.bundles.import', {}, 'en') }).click();
    await page.getByLabel(text('exchange.bundles.importPassphrase', {}, 'en'), { exact: true }).fill(BUNDLE_PASSPHRASE);
    await page.getByRole('button', { name: text('exchange.bundles.importConfirm', {}, 'en') }).click();

    const apply = page.getByRole('button', { name: text('exchange.decisions.apply', {}, 'en') });
    await apply.waitFor();
    expect(await apply.isDisabled()).toBe(true);
    await page.getByRole('radio', { name: text('exchange.decisions.incoming', {}, 'en') }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '43-bundle-decisions');
    await apply.click();
    await page.getByText(text('exchange.decisions.applied', {}, 'en')).waitFor();

    expect((await app.api('crises.get', { id: crisis.id })).notes).toBe('Verzija tima');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// Locking leaves nothing readable: the distinctive strings entered are gone from the DOM and
// from web storage, whether the lock came from the button, Ctrl+L or the idle timer.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSPHRASE, launchBrowser, openApp } from '../support/browser';
import { text } from '../support/browserText';
import { goTo, seedMembers } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SECRETS = ['Sova-7731 kod Ade Ciganlije', 'Zlatana Vukosavljević-Testić', 'Dragoljub Ćirković', 'Tamni Vilajet'];

async function pageHolds(page: Page): Promise<string[]> {
  const html = await page.content();
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  return SECRETS.filter((secret) => html.includes(secret) || storage.includes(secret));
}

async function unlock(page: Page) {
  await page.getByLabel(text('session.passphrase')).fill(TEST_PASSPHRASE);
  await page.getByRole('button', { name: text('session.unlock') }).click();
  await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
}

test('after locking, none of the case data is left in the page', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await seedMembers(app, 'belgrade', [['Dragoljub Ćirković', 'Soko', 'negotiator']]);

    // Entered through the UI: a crisis with a distinctive note, and a hotline call.
    await goTo(page, 'crises');
    await page.keyboard.press('Control+N');
    await page.getByLabel(text('crisisForm.team'), { exact: true }).selectOption('belgrade');
    await page.getByLabel(text('crisisForm.type'), { exact: true }).selectOption('barricade');
    await page.getByLabel(text('crisisForm.municipality'), { exact: true }).fill('Tamni Vilajet');
    await page.getByRole('checkbox', { name: /^Dragoljub Ćirković/ }).check();
    await page.getByLabel(text('crisisForm.notes'), { exact: true }).fill('Sova-7731 kod Ade Ciganlije');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('timer').waitFor();
    await page.getByText('Sova-7731 kod Ade Ciganlije').waitFor();
    await page.getByText('Dragoljub Ćirković').waitFor();

    await goTo(page, 'hotline');
    await page.keyboard.press('Control+N');
    await page.getByLabel(text('hotline.caller'), { exact: true }).fill('Zlatana Vukosavljević-Testić');
    await page.getByLabel(text('hotline.threat'), { exact: true }).selectOption('physical_attack');
    await page.getByLabel(text('hotline.urgency'), { exact: true }).selectOption('immediate');
    await page.getByLabel(text('hotline.action'), { exact: true }).selectOption('police_dispatched');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('cell', { name: /Zlatana Vukosavljević-Testić/ }).waitFor();
    // A filter remembered across screens holds typed text too.
    await page.getByRole('searchbox').fill('Tamni Vilajet');
    await goTo(page, 'crises');
    await page.getByRole('searchbox').fill('Tamni Vilajet');
    await page.getByRole('gridcell', { name: 'Tamni Vilajet' }).waitFor();
    expect(await pageHolds(page)).toEqual(['Tamni Vilajet']);

    // Lock with the sidebar button.
    await page.getByRole('button', { name: text('nav.lock') }).click();
    await page.getByRole('heading', { name: text('session.unlockTitle') }).waitFor();
    expect(await pageHolds(page)).toEqual([]);
    expect((await app.api('session.status')).state).toBe('locked');

    // Unlocked again: the data is read afresh from the store, and the remembered filter is gone.
    await unlock(page);
    await goTo(page, 'crises');
    expect(await page.getByRole('searchbox').inputValue()).toBe('');
    await page.getByRole('gridcell', { name: 'Tamni Vilajet' }).click();
    await page.getByText('Sova-7731 kod Ade Ciganlije').waitFor();

    // Ctrl+L from inside a form field works too.
    await page.getByLabel(text('crisis.entryText'), { exact: true }).fill('Zlatana Vukosavljević-Testić');
    await page.keyboard.press('Control+L');
    await page.getByRole('heading', { name: text('session.unlockTitle') }).waitFor();
    expect(await pageHolds(page)).toEqual([]);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('the store locks itself after the idle time chosen in Settings', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await page.clock.install();
    await page.reload();
    await goTo(page, 'settings');
    await page.getByLabel(text('settings.autoLockAfter'), { exact: true }).selectOption('2');
    expect(await page.evaluate(() => localStorage.getItem('casebook.autoLockMinutes'))).toBe('2');
    await goTo(page, 'crises');

    // A minute and a half of quiet: still unlocked.
    await page.clock.runFor(90_000);
    expect((await app.api('session.status')).state).toBe('unlocked');
    // Past two minutes: locked, and the screen says why.
    await page.clock.runFor(40_000);
    await page.getByText(text('session.lockedIdle')).waitFor();
    expect((await app.api('session.status')).state).toBe('locked');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// First start, lock and unlock, through the real dispatcher and a real encrypted store.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { TEST_PASSPHRASE, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { goTo } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('first start creates the store; Ctrl+L locks; a wrong passphrase is refused with a clear message', async () => {
  const app = await openApp(browser, { unlocked: false });
  const { page } = app;
  try {
    await page.getByRole('heading', { name: text('session.setupTitle') }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A short passphrase and a mismatch are refused at their fields; nothing is created.
    await page.getByLabel(text('session.userName')).fill('Ana Petrović');
    await page.getByLabel(text('session.passphrase'), { exact: true }).fill('kratka');
    await page.getByLabel(text('session.passphraseRepeat')).fill('kratka');
    await page.getByRole('button', { name: text('session.create') }).click();
    await page.getByText(text('validation.passphrase_too_short')).waitFor();
    expect(await app.api('session.status')).toEqual({ state: 'no-store', userName: null, role: null, teamSlug: null });

    await page.getByLabel(text('session.passphrase'), { exact: true }).fill(TEST_PASSPHRASE);
    await page.getByLabel(text('session.passphraseRepeat')).fill(`${TEST_PASSPHRASE}!`);
    // The strength meter rates the passphrase (zxcvbn, loaded on demand).
    const meter = page.getByRole('meter', { name: text('session.strengthLabel') });
    await expect.poll(() => meter.getAttribute('aria-valuetext')).not.toBe(text('session.strengthEmpty'));
    await expect.poll(() => meter.getAttribute('aria-valuetext')).not.toBe(text('session.strengthChecking'));
    await page.getByRole('button', { name: text('session.create') }).click();
    await page.getByText(text('validation.passphrases_differ')).waitFor();
    expect((await app.api('session.status')).state).toBe('no-store');
    await screenshot(page, '01-first-start');

    await page.getByLabel(text('session.passphraseRepeat')).fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: text('session.create') }).click();
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    expect(await app.api('session.status')).toEqual({ state: 'unlocked', userName: 'Ana Petrović', role: 'admin', teamSlug: null });
    await expect.poll(() => page.locator('.sidebar-user-name').textContent()).toBe('Ana Petrović');

    // Lock from anywhere with Ctrl+L: the service locks and the page shows the unlock screen.
    await page.keyboard.press('Control+L');
    await page.getByRole('heading', { name: text('session.unlockTitle') }).waitFor();
    expect((await app.api('session.status')).state).toBe('locked');
    expect(await page.getByRole('navigation', { name: text('nav.label') }).count()).toBe(0);

    const field = page.getByLabel(text('session.passphrase'));
    await field.fill('not the passphrase');
    await page.getByRole('button', { name: text('session.unlock') }).click();
    await page.getByText(text('session.wrongPassphrase')).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await app.api('session.status')).state).toBe('locked');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '02-unlock-wrong-passphrase');

    await field.fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: text('session.unlock') }).click();
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    expect((await app.api('session.status')).state).toBe('unlocked');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('the passphrase is changed in Settings: the old one stops working, the new one unlocks', async () => {
  const app = await openApp(browser);
  const { page } = app;
  const next = 'nova lozinka za dežurstvo';
  try {
    await goTo(page, 'settings');
    const current = page.getByLabel(text('settings.current'), { exact: true });
    await current.fill('pogrešna stara lozinka');
    await page.getByLabel(text('settings.next'), { exact: true }).fill(next);
    await page.getByLabel(text('settings.repeat'), { exact: true }).fill(next);
    await page.getByRole('button', { name: text('settings.change') }).click();
    await page.getByText(text('validation.wrong_passphrase')).waitFor();
    expect(await current.getAttribute('aria-invalid')).toBe('true');

    await current.fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: text('settings.change') }).click();
    await page.getByText(text('settings.changed')).waitFor();

    await page.keyboard.press('Control+L');
    const field = page.getByLabel(text('session.passphrase'));
    await field.fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: text('session.unlock') }).click();
    await page.getByText(text('session.wrongPassphrase')).waitFor();
    await field.fill(next);
    await page.getByRole('button', { name: text('session.unlock') }).click();
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    expect((await app.api('session.status')).state).toBe('unlocked');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

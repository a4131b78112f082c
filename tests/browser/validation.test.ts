// Bad input: each error stands at its field, in words, and nothing reaches the store.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { clearDate, dateField, goTo, typeDate } from '../support/browserFlows';
import type { Dom } from '../support/browserDom';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The error text a field points to with aria-describedby, or null (a date field's group marks itself data-invalid). */
async function fieldError(page: Page, field: Locator): Promise<string | null> {
  if ((await field.getAttribute('aria-invalid')) !== 'true' && (await field.getAttribute('data-invalid')) === null) return null;
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
  for (const id of ids) {
    const element = page.locator(`[id="${id}"]`);
    if ((await element.getAttribute('class'))?.includes('field-error')) return element.textContent();
  }
  return null;
}

test('the crisis form shows each rule at its field and saves nothing', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await goTo(page, 'crises');
    await page.keyboard.press('Control+N');
    const team = page.getByLabel(text('crisisForm.team'), { exact: true });
    const hostages = page.getByLabel(text('crisisForm.hostages'), { exact: true });
    const released = page.getByLabel(text('crisisForm.hostagesReleased'), { exact: true });
    const started = dateField(page, text('crisisForm.startedAt'));
    const ended = dateField(page, text('crisisForm.endedAt'));
    const outcome = page.getByLabel(text('crisisForm.outcome'), { exact: true });

    // Missing team and type: required fields.
    await page.getByRole('button', { name: text('crisisForm.submitNew') }).click();
    await expect.poll(() => fieldError(page, team)).toBe(text('validation.required'));
    expect(await fieldError(page, page.getByLabel(text('crisisForm.type'), { exact: true }))).toBe(text('validation.required'));
    // The focus goes to the first wrong field.
    expect(await team.evaluate((element) => element === (globalThis as unknown as Dom).document.activeElement)).toBe(true);

    await team.selectOption('novi-sad');
    await page.getByLabel(text('crisisForm.type'), { exact: true }).selectOption('hostage');
    await hostages.fill('2');
    await released.fill('3');
    await typeDate(started, '10. 3. 2025. 10:00');
    await typeDate(ended, '10. 3. 2025. 09:00');
    await outcome.selectOption('released');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => fieldError(page, released)).toBe(text('validation.released_exceeds_hostages'));
    expect(await fieldError(page, ended)).toBe(text('validation.ended_before_started'));
    expect(await fieldError(page, team)).toBeNull();
    await page.getByText(text('app.fixErrors_few', { count: 2 })).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '10-form-errors');

    // An outcome without an end, and a count that is not a number.
    await clearDate(ended);
    await released.fill('');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => fieldError(page, ended)).toBe(text('validation.end_required_with_outcome'));
    expect(await fieldError(page, released)).toBe(text('validation.invalid_number'));

    // Nothing was saved by any of these attempts.
    expect((await app.api('crises.list', {})).total).toBe(0);

    // Corrected, it saves.
    await released.fill('2');
    await typeDate(ended, '10. 3. 2025. 12:30');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: text('crisis.timelineTitle') }).waitFor();
    expect((await app.api('crises.list', {})).total).toBe(1);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('a change made elsewhere meanwhile is refused with the service’s reason, and kept out', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    const crisis = await app.api('crises.create', {
      teamSlug: 'nis',
      type: 'barricade',
      startedAt: '2025-02-01T08:00:00+01:00',
      municipality: 'Pantelej',
    });
    await goTo(page, 'crises');
    await page.locator(`[data-crisis-id="${crisis.id}"]`).click();
    await page.getByRole('button', { name: text('crisis.edit') }).click();
    await page.getByRole('heading', { level: 1, name: text('crisisForm.editTitle', { reference: crisis.reference }) }).waitFor();
    // Someone else saves first.
    await app.api('crises.update', { id: crisis.id, version: crisis.version, crisis: { ...crisis, municipality: 'Crveni Krst' } });
    await page.getByLabel(text('crisisForm.municipality'), { exact: true }).fill('Palilula');
    await page.keyboard.press('Control+Enter');
    await page.getByText(text('errors.VERSION_CONFLICT')).waitFor();
    expect((await app.api('crises.get', { id: crisis.id })).municipality).toBe('Crveni Krst');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('the hotline and member forms refuse empty required fields and save nothing', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await goTo(page, 'hotline');
    await page.getByRole('button', { name: text('hotline.new') }).click();
    const caller = page.getByLabel(text('hotline.caller'), { exact: true });
    await caller.fill('   ');
    await page.getByRole('button', { name: text('hotline.submitNew') }).click();
    await expect.poll(() => fieldError(page, caller)).toBe(text('validation.required'));
    expect(await fieldError(page, page.getByLabel(text('hotline.threat'), { exact: true }))).toBe(text('validation.required'));
    expect((await app.api('hotline.list', {})).total).toBe(0);

    await goTo(page, 'teams');
    await page.getByRole('button', { name: text('teams.addMember') }).click();
    const dialog = page.getByRole('dialog', { name: text('teams.newMember') });
    await dialog.getByRole('button', { name: text('app.save') }).click();
    await expect.poll(() => fieldError(page, dialog.getByLabel(text('teams.name'), { exact: true }))).toBe(text('validation.required'));
    expect(await fieldError(page, dialog.getByLabel(text('teams.role'), { exact: true }))).toBe(text('validation.required'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await app.api('members.list', { includeInactive: true })).toEqual([]);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// The log keeper's work end to end: record a hostage crisis, log releases through the live
// view, close it; a suicide attempt talked down; the dashboard moves by exactly those numbers.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { type App, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { dashboardCards, goTo, seedMembers } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A finished crisis from an earlier year, so the dashboard does not start at zero. */
async function seedEarlierCrisis(app: App) {
  const crisis = await app.api('crises.create', {
    teamSlug: 'nis',
    type: 'hostage',
    startedAt: '2023-05-04T10:00:00+02:00',
    endedAt: '2023-05-04T14:30:00+02:00',
    outcome: 'released',
    hostages: 2,
    hostagesReleased: 2,
    municipality: 'Medijana',
  });
  return crisis;
}

test('a hostage crisis with three hostages: two released, then one, closed as released', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    const [leader, negotiator] = await seedMembers(app, 'belgrade', [
      ['Marko Jovanović', 'Vuk 1', 'team_leader'],
      ['Jelena Marković', 'Vuk 2', 'negotiator'],
      ['Nikola Ilić', 'Vuk 3', 'log_keeper'],
    ]);
    await seedEarlierCrisis(app);
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    const before = await dashboardCards(page);
    expect(before.hostagesReleased).toBe(2);

    // A new crisis from the keyboard: Ctrl+1, Ctrl+N.
    await goTo(page, 'crises');
    await page.keyboard.press('Control+N');
    await page.getByRole('heading', { level: 1, name: text('crisisForm.newTitle') }).waitFor();
    await page.getByLabel(text('crisisForm.team'), { exact: true }).selectOption('belgrade');
    await page.getByLabel(text('crisisForm.type'), { exact: true }).selectOption('hostage');
    await page.getByLabel(text('crisisForm.municipality'), { exact: true }).fill('Zemun');
    await page.getByLabel(text('crisisForm.locationNote'), { exact: true }).fill('Menjačnica kod Zemunskog keja');
    await page.getByLabel(text('crisisForm.hostages'), { exact: true }).fill('3');
    await page.getByLabel(text('crisisForm.weapons'), { exact: true }).selectOption('firearm');
    await page.getByRole('checkbox', { name: new RegExp(`^${leader!.name}`) }).check();
    await page.getByRole('checkbox', { name: new RegExp(`^${negotiator!.name}`) }).check();
    await page.getByLabel(`${text('crisisForm.deployedRole')}: ${negotiator!.name}`).selectOption('lead_negotiator');
    await page.getByLabel(text('crisisForm.notes'), { exact: true }).fill('Subjekat traži automobil i prevodioca.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '05-crisis-form');
    await page.keyboard.press('Control+Enter');

    // The live view: a running clock, and a counter built from the log.
    const timer = page.getByRole('timer');
    await timer.waitFor();
    const counter = page.getByTestId('released-value');
    expect(await counter.textContent()).toBe('0');
    const created = (await app.api('crises.list', { filter: { text: 'Zemunskog' } })).items;
    expect(created).toHaveLength(1);
    const crisisId = created[0]!.id;
    const stored = await app.api('crises.get', { id: crisisId });
    expect(stored.hostages).toBe(3);
    expect(stored.deployments.map((d) => [d.name, d.role]).sort()).toEqual([
      ['Jelena Marković', 'lead_negotiator'],
      ['Marko Jovanović', 'team_leader'],
    ]);

    // Alt+1: contact established.
    await page.keyboard.press('Alt+1');
    await page.keyboard.type('Uspostavljen telefonski kontakt');
    await page.keyboard.press('Enter');
    await page.getByText('Uspostavljen telefonski kontakt').waitFor();

    // Alt+5: a release of two; the count field takes the focus.
    await page.keyboard.press('Alt+5');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.getByLabel(text('crisis.entryText'), { exact: true }).fill('Puštene dve žene');
    await page.getByLabel(text('crisis.entryText'), { exact: true }).press('Enter');
    await expect.poll(() => counter.textContent()).toBe('2');

    // A third would be one too many for two more: 2 + 2 > 3 is refused at the field, nothing saved.
    await page.keyboard.press('Alt+5');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.getByText(text('validation.released_exceeds_hostages')).waitFor();
    expect((await app.api('crisisLog.list', { crisisId })).filter((e) => e.kind === 'release')).toHaveLength(1);

    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => counter.textContent()).toBe('3');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '06-live-log');

    const log = await app.api('crisisLog.list', { crisisId });
    expect(log.map((entry) => [entry.kind, entry.releasedCount])).toEqual([
      ['contact_established', 0],
      ['release', 2],
      ['release', 1],
    ]);
    expect((await app.api('crises.get', { id: crisisId })).hostagesReleased).toBe(3);

    // Close as released.
    await page.getByRole('button', { name: text('crisis.close') }).click();
    const dialog = page.getByRole('dialog', { name: text('crisis.closeTitle') });
    await dialog.waitFor();
    await dialog.getByLabel(text('crisis.outcome'), { exact: true }).selectOption('released');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: text('crisis.closeConfirm') }).click();
    await page.getByRole('heading', { name: text('crisis.timelineTitle') }).waitFor();
    const closed = await app.api('crises.get', { id: crisisId });
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe('released');
    expect(await page.locator('.timeline-item').count()).toBe(log.length + 2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '07-closed-timeline');

    const after = await dashboardCards(page);
    expect(after.hostagesReleased - before.hostagesReleased).toBe(3);
    expect(after.livesSaved - before.livesSaved).toBe(3);
    expect(after.total - before.total).toBe(1);
    expect(after.resolved - before.resolved).toBe(1);
    // Exactly the service's numbers, shown in the locale's format.
    const stats = await app.api('stats.summary', {});
    expect(after.hostagesReleased).toBe(stats.crises.hostagesReleased);
    expect(after.livesSaved).toBe(stats.crises.livesSaved);
    expect(await page.getByTestId('stat-hostagesReleased').textContent()).toBe(
      new Intl.NumberFormat('sr-Latn-RS').format(stats.crises.hostagesReleased),
    );
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('a suicide attempt talked down adds one suicide prevented and one life saved', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await seedEarlierCrisis(app);
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    const before = await dashboardCards(page);

    await goTo(page, 'crises');
    await page.getByRole('button', { name: text('crises.new') }).click();
    await page.getByLabel(text('crisisForm.team'), { exact: true }).selectOption('kragujevac');
    await page.getByLabel(text('crisisForm.type'), { exact: true }).selectOption('suicide_attempt');
    await page.getByLabel(text('crisisForm.municipality'), { exact: true }).fill('Stanovo');
    await page.getByLabel(text('crisisForm.suicidesPrevented'), { exact: true }).fill('1');
    await page.getByRole('button', { name: text('crisisForm.submitNew') }).click();
    await page.getByRole('timer').waitFor();

    await page.keyboard.press('Alt+6');
    await page.keyboard.type('Sišao sa ograde mosta');
    await page.keyboard.press('Enter');
    await page.getByText('Sišao sa ograde mosta').waitFor();

    await page.getByRole('button', { name: text('crisis.close') }).click();
    const dialog = page.getByRole('dialog', { name: text('crisis.closeTitle') });
    // A suicide attempt is offered "talked down".
    expect(await dialog.getByLabel(text('crisis.outcome'), { exact: true }).inputValue()).toBe('talked_down');
    await dialog.getByRole('button', { name: text('crisis.closeConfirm') }).click();
    await page.getByRole('heading', { name: text('crisis.timelineTitle') }).waitFor();

    const after = await dashboardCards(page);
    expect(after.suicidesPrevented - before.suicidesPrevented).toBe(1);
    expect(after.livesSaved - before.livesSaved).toBe(1);
    expect(after.resolved - before.resolved).toBe(1);
    expect(after.hostagesReleased).toBe(before.hostagesReleased);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

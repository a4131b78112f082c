// A member's page and the dashboard's members view, over the real store, against figures worked
// out by hand from the seeded crises.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { goTo, seedMembers } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('a member’s page shows their deployments, counts and hours; the dashboard shows who carries the team’s load', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    const [jelena, milan] = await seedMembers(app, 'novi-sad', [
      ['Jelena Kovač', 'Dunav 1', 'negotiator'],
      ['Milan Babić', 'Dunav 2', 'log_keeper'],
    ]);
    // Jelena: 2023 hostage 2 h (lead), 2024 barricade 4.5 h (lead and coach), 2024 suicide attempt 1.25 h (lead).
    const crises = [
      { startedAt: '2023-04-02T10:00:00+02:00', endedAt: '2023-04-02T12:00:00+02:00', type: 'hostage', outcome: 'released', hostages: 1, hostagesReleased: 1, roles: ['lead_negotiator'] },
      { startedAt: '2024-05-10T20:00:00+02:00', endedAt: '2024-05-11T00:30:00+02:00', type: 'barricade', outcome: 'surrender', roles: ['lead_negotiator', 'coach'] },
      { startedAt: '2024-09-01T08:00:00+02:00', endedAt: '2024-09-01T09:15:00+02:00', type: 'suicide_attempt', outcome: 'talked_down', suicidesPrevented: 1, roles: ['lead_negotiator'] },
    ] as const;
    const references: string[] = [];
    for (const { roles, ...crisis } of crises) {
      const created = await app.api('crises.create', {
        teamSlug: 'novi-sad',
        ...crisis,
        deployments: [...roles.map((role) => ({ memberId: jelena!.id, role })), { memberId: milan!.id, role: 'log_keeper' as const }],
      });
      references.push(created.reference);
    }

    await goTo(page, 'teams');
    await page.locator('button.team-card', { hasText: text('team.novi-sad') }).click();
    await page.getByRole('button', { name: 'Jelena Kovač', exact: true }).click();
    await page.getByRole('heading', { name: 'Jelena Kovač' }).waitFor();
    expect(await page.getByTestId('member-crises').textContent()).toBe('3');
    expect(await page.getByTestId('member-hours').textContent()).toBe(new Intl.NumberFormat('sr-Latn-RS').format(7.75));
    expect(await page.getByTestId('member-last').textContent()).toBe('1. 9. 2024. 08:00');
    const rows = page.getByRole('region', { name: text('memberRecord.deployments') }).locator('tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain(references[2]);
    expect(await rows.nth(1).textContent()).toContain(`${text('deploymentRole.coach')}, ${text('deploymentRole.lead_negotiator')}`);
    await page.locator('.chart-card').first().waitFor();
    expect(await page.locator('.chart-card').count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'member-record');

    // The dashboard, Novi Sad chosen: deployments per member, Jelena and Milan three each.
    await goTo(page, 'dashboard');
    await page.getByRole('region', { name: text('crises.filters') }).getByLabel(text('dashboard.scope'), { exact: true }).selectOption('novi-sad');
    const load = page.getByTestId('member-load');
    await load.getByRole('heading', { name: text('dashboard.memberLoad.title', { team: text('team.novi-sad') }) }).waitFor();
    await load.locator('.chart-card').first().waitFor();
    expect(await load.locator('.chart-card').count()).toBe(2);
    const figures = await app.api('stats.memberLoad', { teamSlug: 'novi-sad' });
    expect(figures.map((row) => [row.name, row.deployments, row.hours])).toEqual([
      ['Jelena Kovač', 3, 7.75],
      ['Milan Babić', 3, 7.75],
    ]);
    // The chart's own table holds the same figures.
    await load.locator('details.chart-data summary').first().click();
    const firstTable = load.locator('details.chart-data').first();
    expect(await firstTable.locator('tbody tr').allTextContents()).toEqual(['Jelena Kovač (Dunav 1)3', 'Milan Babić (Dunav 2)3']);
    await load.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-member-load');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// Every screen, with a realistic case book: axe finds no serious or critical violation,
// everything is reachable from the keyboard with a visible focus, and each screen is
// photographed to test-output/screenshots for review.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type App, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { goTo } from '../support/browserFlows';
import { seedDemo } from '../support/browserSeed';
import type { Dom, DomElement } from '../support/browserDom';

let browser: Browser;
let app: App;
let page: Page;
let openCrisisId: string;
let closedCrisisId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await openApp(browser);
  page = app.page;
  const { crises } = await seedDemo((channel, input) => app.api(channel as never, input as never) as never, { crises: 48, calls: 30 });
  openCrisisId = crises.find((crisis) => crisis.status === 'open')!.id;
  closedCrisisId = crises.find((crisis) => crisis.status === 'closed' && crisis.type === 'hostage' && crisis.outcome === 'released')!.id;
});
afterAll(async () => {
  await app?.close();
  await browser?.close();
});

async function check(name: string) {
  await page.locator('.loading').waitFor({ state: 'detached' });
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

test('crises list, live view with dialogs, timeline and forms', async () => {
  await goTo(page, 'crises');
  await page.locator('[data-crisis-id]').first().waitFor();
  await check('20-crises-list');

  await page.locator(`[data-crisis-id="${openCrisisId}"]`).click();
  await page.getByRole('timer').waitFor();
  await check('21-crisis-live');
  await page.getByRole('button', { name: text('crisis.editEntry') }).first().click();
  await page.getByRole('dialog').waitFor();
  await check('22-edit-entry-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: text('crisis.close') }).click();
  await page.getByRole('dialog', { name: text('crisis.closeTitle') }).waitFor();
  await check('23-close-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  await page.getByRole('button', { name: text('crisis.edit') }).click();
  await page.locator('form').waitFor();
  await check('24-crisis-edit');

  await goTo(page, 'crises');
  await page.locator(`[data-crisis-id="${closedCrisisId}"]`).scrollIntoViewIfNeeded().catch(() => undefined);
  const search = page.getByRole('searchbox');
  const closed = await app.api('crises.get', { id: closedCrisisId });
  await search.fill(closed.reference);
  await page.locator(`[data-crisis-id="${closedCrisisId}"]`).click();
  await page.getByRole('heading', { name: text('crisis.timelineTitle') }).waitFor();
  await check('25-crisis-timeline');
});

test('hotline, dashboard, teams and settings', async () => {
  await goTo(page, 'hotline');
  await page.getByTestId('followups').locator('[data-follow-up]').first().waitFor();
  await check('26-hotline');
  await page.locator('table tbody tr').first().getByRole('button').click();
  await page.locator('form').waitFor();
  await check('27-hotline-call');

  await goTo(page, 'dashboard');
  await page.locator('.recharts-surface').first().waitFor();
  await check('28-dashboard');
  await page.getByLabel(text('dashboard.scope'), { exact: true }).selectOption('nis');
  await page.getByText(text('dashboard.preset.last12')).click();
  await page.locator('.dashboard:not([aria-busy])').waitFor();
  const stats = await app.api('stats.summary', { teamSlug: 'nis', from: undefined });
  expect(Number(await page.getByTestId('stat-total').getAttribute('data-value'))).toBeLessThanOrEqual(stats.crises.total);
  await page.locator('details.chart-data summary').first().click();
  await check('29-dashboard-team-year');

  await goTo(page, 'teams');
  await page.getByRole('cell', { name: 'Marko Jovanović', exact: true }).waitFor();
  await check('30-teams');
  await page.getByRole('button', { name: `${text('app.edit')}: Marko Jovanović` }).click();
  await page.getByRole('dialog', { name: text('teams.editMember') }).waitFor();
  await check('31-member-dialog');
  await page.keyboard.press('Escape');

  await goTo(page, 'settings');
  // The shortcut list names as many Ctrl+digit screens as the navigation offers this account.
  const screens = await page.locator('.nav-shortcut').count();
  expect(screens).toBe(9);
  await page.getByText(`Ctrl 1 … ${screens}`, { exact: true }).waitFor();
  await check('32-settings');
  expect(app.problems).toEqual([]);
});

test('the keyboard reaches everything, with a visible focus', async () => {
  await goTo(page, 'crises');
  await page.locator('[data-crisis-id]').first().waitFor();
  // The skip link comes first in the tab order, shows when focused, and jumps to the content.
  const firstNav = page.getByRole('navigation', { name: text('nav.label') }).getByRole('button').first();
  await firstNav.focus();
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => (globalThis as unknown as Dom).document.activeElement?.textContent)).toBe(text('app.skipToContent'));
  expect(await page.evaluate(() => (globalThis as unknown as Dom).document.activeElement!.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => (globalThis as unknown as Dom).document.activeElement?.id)).toBe('main');
  await firstNav.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as Dom;
    const element = document.activeElement as DomElement;
    const style = getComputedStyle(element);
    return { text: element.textContent, outline: style.outlineStyle, width: style.outlineWidth };
  });
  expect(focused.text).toContain(text('nav.crises'));
  expect(focused.outline).not.toBe('none');
  expect(parseFloat(focused.width)).toBeGreaterThanOrEqual(2);

  // Every focusable control on each screen shows a focus outline when reached by Tab.
  for (const section of ['crises', 'hotline', 'teams', 'settings'] as const) {
    await goTo(page, section);
    await page.locator('.loading').waitFor({ state: 'detached' });
    const missing: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      await page.keyboard.press('Tab');
      const probe = await page.evaluate(() => {
        const { document, getComputedStyle } = globalThis as unknown as Dom;
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        // Radio segments and date parts show the focus on what holds them (a date field's group).
        const within = element.closest('.segment, .kind-option, .date-input');
        const visible = style.outlineStyle !== 'none' || (within ? getComputedStyle(within).outlineStyle !== 'none' : false) || style.boxShadow !== 'none';
        return { visible, name: `${element.tagName} ${element.getAttribute('type') ?? ''} ${element.getAttribute('aria-label') ?? element.textContent?.slice(0, 30) ?? ''} ${style.outlineStyle} ${element.matches(':focus-visible')}` };
      });
      if (probe && !probe.visible) missing.push(probe.name);
    }
    expect(missing, section).toEqual([]);
  }
});

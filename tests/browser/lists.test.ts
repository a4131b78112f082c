// Finding things: crisis filters, sorting and full-text search; the virtual list reading
// keyset pages to the very last row; hotline follow-ups due and overdue shown first.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CrisisInput } from '../../src/shared/domain';
import { type App, launchBrowser, openApp, screenshot, serbianToday, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { dateField, dateFieldText, goTo, serbianDay, typeDate } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SEED: CrisisInput[] = [
  { teamSlug: 'belgrade', type: 'hostage', startedAt: '2024-03-02T09:15:00+01:00', endedAt: '2024-03-02T13:00:00+01:00', outcome: 'released', hostages: 2, hostagesReleased: 2, municipality: 'Voždovac', notes: 'Pljačka pošte, dva službenika zadržana' },
  { teamSlug: 'belgrade', type: 'barricade', startedAt: '2024-07-19T22:40:00+02:00', endedAt: '2024-07-20T02:10:00+02:00', outcome: 'surrender', municipality: 'Palilula' },
  { teamSlug: 'novi-sad', type: 'suicide_attempt', startedAt: '2024-09-05T17:05:00+02:00', endedAt: '2024-09-05T18:20:00+02:00', outcome: 'talked_down', suicidesPrevented: 1, municipality: 'Petrovaradin', notes: 'Most slobode, pešačka staza' },
  { teamSlug: 'nis', type: 'kidnapping', startedAt: '2025-01-11T06:30:00+01:00', endedAt: '2025-01-11T11:45:00+01:00', outcome: 'tactical', hostages: 1, hostagesReleased: 0, municipality: 'Medijana' },
  { teamSlug: 'kragujevac', type: 'hostage', startedAt: '2025-04-22T14:00:00+02:00', municipality: 'Stanovo', hostages: 4, notes: 'Porodični sukob u stanu, deca u kući' },
  { teamSlug: 'kraljevo', type: 'barricade', startedAt: '2025-06-30T03:20:00+02:00', endedAt: '2025-06-30T05:00:00+02:00', outcome: 'surrender', municipality: 'Ribnica' },
  { teamSlug: 'belgrade', type: 'suicide_attempt', startedAt: '2025-08-14T19:00:00+02:00', endedAt: '2025-08-14T20:30:00+02:00', outcome: 'talked_down', suicidesPrevented: 1, municipality: 'Novi Beograd', notes: 'Krov zgrade kod Arene' },
];

async function seed(app: App) {
  const created = [];
  for (const input of SEED) created.push(await app.api('crises.create', input));
  return created;
}

async function visibleReferences(page: Page): Promise<string[]> {
  await page.locator('[role="grid"]:not([aria-busy])').waitFor();
  return page.locator('[role="grid"] [data-crisis-id] [role="gridcell"]:first-child').allTextContents();
}

async function expectListed(page: Page, expected: string[]) {
  await expect.poll(() => visibleReferences(page).then((refs) => [...refs].sort())).toEqual([...expected].sort());
}

test('filters, date range, search and sorting find exactly the matching crises', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    const crises = await seed(app);
    const ref = (predicate: (input: CrisisInput) => boolean) =>
      crises.filter((_, index) => predicate(SEED[index]!)).map((crisis) => crisis.reference);
    await goTo(page, 'crises');
    await expectListed(page, ref(() => true));
    // Newest first by default.
    expect(await visibleReferences(page)).toEqual(
      [...crises].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map((c) => c.reference),
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '03-crises-list');

    const filters = page.getByRole('region', { name: text('crises.filters') });
    await filters.getByLabel(text('crises.team'), { exact: true }).selectOption('belgrade');
    await expectListed(page, ref((c) => c.teamSlug === 'belgrade'));
    await filters.getByLabel(text('crises.type'), { exact: true }).selectOption('suicide_attempt');
    await expectListed(page, ref((c) => c.teamSlug === 'belgrade' && c.type === 'suicide_attempt'));
    await page.getByRole('button', { name: text('crises.clearFilters') }).click();
    await expectListed(page, ref(() => true));

    await filters.getByLabel(text('crises.outcome'), { exact: true }).selectOption('surrender');
    await expectListed(page, ref((c) => c.outcome === 'surrender'));
    await filters.getByLabel(text('crises.outcome'), { exact: true }).selectOption('');
    await filters.getByLabel(text('crises.status'), { exact: true }).selectOption('open');
    await expectListed(page, ref((c) => !c.endedAt));
    await filters.getByLabel(text('crises.status'), { exact: true }).selectOption('');

    const from = dateField(filters, text('crises.from'));
    await typeDate(from, '1. 1. 2025.');
    await typeDate(dateField(filters, text('crises.to')), '30. 6. 2025.');
    await expectListed(page, ref((c) => c.startedAt >= '2025-01-01' && c.startedAt < '2025-07-01'));
    await page.getByRole('button', { name: text('crises.clearFilters') }).click();
    // Clearing the filters empties the date fields too.
    await expect.poll(() => dateFieldText(from)).toBe(`${text('dateField.day')}. ${text('dateField.month')}. ${text('dateField.year')}.`);

    // Full-text search over notes and places, diacritics optional; "/" jumps to the field.
    await page.locator('[role="grid"]').focus();
    await page.keyboard.press('/');
    await page.keyboard.type('most');
    await expectListed(page, ref((c) => /most/i.test(c.notes ?? '')));
    await page.getByRole('searchbox').fill('vozdovac');
    await expectListed(page, ref((c) => c.municipality === 'Voždovac'));
    await page.getByRole('searchbox').fill('nema takve reci');
    await expectListed(page, []);
    await page.getByText(text('crises.empty')).waitFor();
    await page.getByRole('searchbox').fill('');

    // Sorting by reference, ascending.
    await page.getByRole('button', { name: text('crises.column.reference') }).click();
    await expect
      .poll(() => visibleReferences(page))
      .toEqual(crises.map((c) => c.reference).sort());

    // The keyboard opens a row: focus the grid, Home, Enter.
    await page.locator('[role="grid"]').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: crises.map((c) => c.reference).sort()[0] }).waitFor();
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('the virtual list keeps few rows in the DOM and pages with the cursor down to the last row', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    const count = 1_500;
    const start = Date.UTC(2015, 0, 1);
    for (let i = 0; i < count; i += 1) {
      await app.api('crises.create', {
        teamSlug: (['belgrade', 'novi-sad', 'nis', 'kragujevac', 'kraljevo'] as const)[i % 5]!,
        type: 'barricade',
        startedAt: new Date(start + i * 3_600_000 * 7).toISOString(),
        endedAt: new Date(start + i * 3_600_000 * 7 + 3_600_000).toISOString(),
        outcome: 'surrender',
        municipality: `Opština ${i}`,
      });
    }
    const oldest = (await app.api('crises.list', { sort: { field: 'startedAt', direction: 'asc' }, limit: 1 })).items[0]!;
    await goTo(page, 'crises');
    const grid = page.locator('[role="grid"]');
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(count + 1));
    const rendered = await grid.locator('.grid-body [role="row"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);

    // Scrolled far from the active row, PageDown goes on from the rows in view instead of jumping back.
    await grid.focus();
    const rowHeight = (await grid.locator('.grid-body [role="row"]').first().boundingBox())?.height ?? 0;
    expect(rowHeight).toBeGreaterThan(0);
    const scrolledTo = 600 * rowHeight;
    await grid.evaluate((element, top) => {
      element.scrollTop = top;
    }, scrolledTo);
    // As after a wheel turn: the grid has drawn the rows it scrolled to before the key is pressed.
    await grid.locator('[role="row"][aria-rowindex="602"]').waitFor();
    await page.keyboard.press('PageDown');
    const activeRow = grid.locator('[role="row"][aria-selected="true"]');
    await expect.poll(async () => Number(await activeRow.getAttribute('aria-rowindex')), { timeout: 20_000 }).toBeGreaterThan(600 + 2);
    expect(await grid.evaluate((element) => element.scrollTop)).toBeGreaterThan(scrolledTo - rowHeight);
    // The new active row is wholly in view, neither behind the sticky header nor below the edge.
    const inView = () =>
      grid.evaluate((scroller) => {
        const row = scroller.querySelector('[role="row"][aria-selected="true"]');
        const header = scroller.querySelector('.grid-head');
        if (!row || !header) return false;
        const box = row.getBoundingClientRect();
        const viewBottom = scroller.getBoundingClientRect().top + scroller.clientTop + scroller.clientHeight;
        return box.top >= header.getBoundingClientRect().bottom - 0.5 && box.bottom <= viewBottom + 0.5;
      });
    expect(await inView()).toBe(true);
    // And PageDown again turns the page: the rows in view move on.
    await page.keyboard.press('PageDown');
    await expect.poll(() => grid.evaluate((element) => element.scrollTop)).toBeGreaterThan(scrolledTo + 5 * rowHeight);
    expect(await inView()).toBe(true);

    // End: the last row, which only the last keyset page holds.
    await page.keyboard.press('End');
    const lastRow = grid.locator(`[role="row"][aria-rowindex="${count + 1}"]`);
    await expect.poll(() => lastRow.locator('[role="gridcell"]').first().textContent(), { timeout: 20_000 }).toBe(oldest.reference);
    expect(await grid.locator('.grid-body [role="row"]').count()).toBeLessThan(80);
    expect(await grid.getAttribute('aria-activedescendant')).toBe(await lastRow.getAttribute('id'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: oldest.reference }).waitFor();
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('a hotline call with a follow-up today is shown as due; an older one as overdue', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    const today = serbianToday();
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const yesterday = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
    const nextWeek = new Date(Date.UTC(y, m - 1, d + 7)).toISOString().slice(0, 10);
    await app.api('hotline.create', {
      receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      caller: 'Milica Stanković',
      outlet: 'Južne vesti',
      threat: 'online_harassment',
      urgency: 'high',
      action: 'advice_given',
      followUpDue: yesterday,
    });
    await app.api('hotline.create', {
      receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
      caller: 'Stefan Đorđević',
      outlet: 'Radio Beograd',
      threat: 'surveillance',
      urgency: 'normal',
      action: 'referred',
      followUpDue: nextWeek,
    });

    await goTo(page, 'hotline');
    await page.keyboard.press('Control+N');
    await page.getByRole('heading', { level: 1, name: text('hotline.formNew') }).waitFor();
    await page.getByLabel(text('hotline.caller'), { exact: true }).fill('Dragana Pejović');
    await page.getByLabel(text('hotline.outlet'), { exact: true }).fill('Nedeljnik Vreme');
    await page.getByLabel(text('hotline.threat'), { exact: true }).selectOption('threat');
    await page.getByLabel(text('hotline.urgency'), { exact: true }).selectOption('immediate');
    await page.getByLabel(text('hotline.action'), { exact: true }).selectOption('police_dispatched');
    await page.getByLabel(text('hotline.municipality'), { exact: true }).fill('Stari grad');
    await typeDate(dateField(page, text('hotline.followUpDue')), serbianDay(today));
    await page.getByLabel(text('hotline.notes'), { exact: true }).fill('Preteće poruke posle objavljenog teksta.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '09-hotline-form');
    await page.getByRole('button', { name: text('hotline.submitNew') }).click();
    await page.getByRole('heading', { level: 1, name: text('hotline.title') }).waitFor();

    const followUps = page.getByTestId('followups');
    const due = followUps.locator('[data-follow-up="due"]');
    const overdue = followUps.locator('[data-follow-up="overdue"]');
    await expect.poll(() => due.allTextContents()).toEqual([expect.stringContaining('Dragana Pejović')]);
    await expect.poll(() => overdue.allTextContents()).toEqual([expect.stringContaining('Milica Stanković')]);
    expect(await followUps.textContent()).not.toContain('Stefan Đorđević');
    // The service agrees: due is today or past, overdue strictly past.
    const dueCalls = await app.api('hotline.list', { filter: { followUp: 'due' } });
    expect(dueCalls.items.map((c) => c.caller).sort()).toEqual(['Dragana Pejović', 'Milica Stanković']);

    // The list's own follow-up filter.
    const filters = page.getByRole('region', { name: text('crises.filters') });
    await filters.getByLabel(text('hotline.followUp'), { exact: true }).selectOption('overdue');
    await expect.poll(() => page.locator('table tbody tr').allTextContents()).toEqual([expect.stringContaining('Milica Stanković')]);
    await filters.getByLabel(text('hotline.followUp'), { exact: true }).selectOption('');
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '08-hotline');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// Dates and times in the app's language: every date field shows and takes the language's format
// (Serbian 6. 12. 2026. 05:37, English ISO order 2026-12-06 05:37) as Serbia's wall clock,
// whatever the browser's locale and time zone. The browser here runs in American English in New
// York, so nothing can come from it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { type App, launchBrowser, openApp, screenshot, seriousViolations } from '../support/browser';
import { text } from '../support/browserText';
import { dateField, dateFieldText, goTo, typeDate } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Language = 'sr-Latn' | 'sr-Cyrl' | 'en';

function open(language: Language): Promise<App> {
  return openApp(browser, { language, browserLocale: 'en-US', timezoneId: 'America/New_York' });
}

/** The error text a date field points to with aria-describedby, or null. */
async function errorOf(page: Page, field: Locator): Promise<string | null> {
  const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
  for (const id of ids) {
    const element = page.locator(`[id="${id}"]`);
    if ((await element.getAttribute('class'))?.includes('field-error')) return element.textContent();
  }
  return null;
}

/** Pastes text into a date field's first part, as Ctrl+V does. */
async function pasteInto(field: Locator, pasted: string): Promise<void> {
  const segment = field.getByRole('spinbutton').first();
  await segment.focus();
  await segment.evaluate((element, value) => {
    const scope = globalThis as unknown as { DataTransfer: new () => { setData(type: string, data: string): void }; ClipboardEvent: new (type: string, init: object) => Event };
    const data = new scope.DataTransfer();
    data.setData('text/plain', value);
    element.dispatchEvent(new scope.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, pasted);
}

/** Empties one part (day, month, year, hour…) of a date field, as Backspace does. */
async function clearPart(field: Locator, part: 'day' | 'month' | 'year' | 'hour' | 'minute'): Promise<void> {
  const segment = field.locator(`[role="spinbutton"][data-type="${part}"]`);
  await segment.focus();
  while ((await segment.getAttribute('data-placeholder')) === null) await segment.press('Backspace');
}

/** The same Serbian wall-clock moments as each language shows them and as its user types them. */
interface Case {
  /** 6 December 2026, 05:37:09 in Belgrade. */
  shown: string;
  shownSeconds: string;
  /** An empty date and time field. */
  empty: string;
  /** 7 March 2026, 14:05 (UTC+1), typed the way the language writes it, and then as shown. */
  typed: string;
  typedShown: string;
  /** 15 July 2026, 08:30 (summer time, UTC+2) and the day 20 July 2026. */
  summer: string;
  typedDay: string;
  typedDayShown: string;
  /** 6 December 2026, 05:40:30, for the log, with seconds. */
  typedSeconds: string;
  /** A list filter's bounds: 1 January and 30 June 2025. */
  from: string;
  to: string;
}

const CASES: Record<Language, Case> = {
  'sr-Latn': {
    shown: '6. 12. 2026. 05:37',
    shownSeconds: '6. 12. 2026. 05:37:09',
    empty: 'dd. mm. gggg. ––:––',
    typed: '7. 3. 2026. 14:05',
    typedShown: '7. 3. 2026. 14:05',
    summer: '15. 7. 2026. 08:30',
    typedDay: '20. 7. 2026.',
    typedDayShown: '20. 7. 2026.',
    typedSeconds: '6. 12. 2026. 05:40:30',
    from: '1. 1. 2025.',
    to: '30. 6. 2025.',
  },
  // Typed without the spaces, as many do: the separator still moves on after a one-digit part.
  'sr-Cyrl': {
    shown: '6. 12. 2026. 05:37',
    shownSeconds: '6. 12. 2026. 05:37:09',
    empty: 'дд. мм. гггг. ––:––',
    typed: '7.3.2026. 14:05',
    typedShown: '7. 3. 2026. 14:05',
    summer: '15.7.2026. 8:30',
    typedDay: '20.7.2026.',
    typedDayShown: '20. 7. 2026.',
    typedSeconds: '6.12.2026. 5:40:30',
    from: '1.1.2025.',
    to: '30.6.2025.',
  },
  en: {
    shown: '2026-12-06 05:37',
    shownSeconds: '2026-12-06 05:37:09',
    empty: 'yyyy-mm-dd ––:––',
    typed: '2026-03-07 14:05',
    typedShown: '2026-03-07 14:05',
    summer: '2026-07-15 08:30',
    typedDay: '2026-07-20',
    typedDayShown: '2026-07-20',
    typedSeconds: '2026-12-06 05:40:30',
    from: '2025-01-01',
    to: '2025-06-30',
  },
};

const STARTED = '2026-12-06T04:37:09.000Z';
const FIELD_LOCALES: Record<Language, string> = { 'sr-Latn': 'sr-Latn-RS', 'sr-Cyrl': 'sr-Cyrl-RS', en: 'en-CA' };

describe.each(Object.keys(CASES) as Language[])('in %s, with the browser in en-US and New York', (language) => {
  const t = (key: string, values: Record<string, string | number> = {}) => text(key, values, language);
  const c = CASES[language];

  test('the crisis form and the live log show and take the language’s dates as Serbia’s time', async () => {
    const app = await open(language);
    const { page } = app;
    try {
      const crisis = await app.api('crises.create', { teamSlug: 'belgrade', type: 'hostage', startedAt: STARTED, municipality: 'Zemun' });
      await app.api('crisisLog.append', { crisisId: crisis.id, kind: 'note', at: STARTED, text: 'Prvi poziv' });
      const heading = page.getByRole('heading', { level: 1, name: crisis.reference });

      await goTo(page, 'crises', language);
      await page.locator(`[data-crisis-id="${crisis.id}"]`).click();
      await heading.waitFor();

      // The log: an entry's time with seconds, in the language, in its edit dialog.
      await page.getByRole('button', { name: t('crisis.editEntry') }).click();
      const dialog = page.getByRole('dialog');
      expect(await dateFieldText(dateField(dialog, t('crisis.entryAt')))).toBe(c.shownSeconds);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // The quick entry's time, typed with seconds, is stored as that moment in Belgrade; Enter
      // in the date field logs the entry, as it would in any input.
      const entryAt = dateField(page, t('crisis.entryAt'));
      await page.getByLabel(t('crisis.entryText'), { exact: true }).fill('Drugi poziv');
      await typeDate(entryAt, c.typedSeconds);
      await page.keyboard.press('Enter');
      await page.getByText('Drugi poziv').waitFor();
      expect((await app.api('crisisLog.list', { crisisId: crisis.id })).map((entry) => entry.at)).toEqual([STARTED, '2026-12-06T04:40:30.000Z']);

      // The form: the start as the language writes it; an empty end shows the parts to type.
      await page.getByRole('button', { name: t('crisis.edit') }).click();
      await page.getByRole('heading', { level: 1, name: t('crisisForm.editTitle', { reference: crisis.reference }) }).waitFor();
      const started = dateField(page, t('crisisForm.startedAt'));
      expect(await dateFieldText(started)).toBe(c.shown);
      // Its label, clicked, puts the cursor in its first part, as a label does for an input.
      await page.locator('label', { hasText: t('crisisForm.startedAt') }).click();
      expect(await started.getByRole('spinbutton').first().evaluate((segment) => segment === segment.ownerDocument.activeElement)).toBe(true);
      expect(await dateFieldText(dateField(page, t('crisisForm.endedAt')))).toBe(c.empty);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `dates-${language}-crisis-form`);

      // A start without its year is refused at the field, in words, and nothing is saved.
      await clearPart(started, 'year');
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => errorOf(page, started)).toBe(t('validation.invalid_date'));
      // The form puts the cursor in the wrong field's first part.
      expect(await started.getByRole('spinbutton').first().evaluate((segment) => segment === segment.ownerDocument.activeElement)).toBe(true);
      await page.getByText(t('app.fixErrors_one')).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `dates-${language}-crisis-form-error`);
      expect((await app.api('crises.get', { id: crisis.id })).version).toBe(crisis.version);

      // Typed as the language writes it (from the first part, over what was there), saved as
      // Belgrade's wall clock: 14:05 in March is 13:05 UTC.
      await typeDate(started, c.typed);
      expect(await dateFieldText(started)).toBe(c.typedShown);
      await expect.poll(() => errorOf(page, started)).toBeNull();
      await page.keyboard.press('Control+Enter');
      await heading.waitFor();
      expect((await app.api('crises.get', { id: crisis.id })).startedAt).toBe('2026-03-07T13:05:00.000Z');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('the hotline form, the list filters and the dashboard take the language’s dates', async () => {
    const app = await open(language);
    const { page } = app;
    try {
      const early = await app.api('crises.create', { teamSlug: 'nis', type: 'barricade', startedAt: '2024-12-31T23:30:00.000Z', municipality: 'Medijana' });
      const inside = await app.api('crises.create', { teamSlug: 'nis', type: 'barricade', startedAt: '2025-03-02T08:15:00.000Z', municipality: 'Pantelej' });
      const late = await app.api('crises.create', { teamSlug: 'nis', type: 'barricade', startedAt: '2025-06-30T22:30:00.000Z', municipality: 'Crveni Krst' });

      // A hotline call received in summer time, with a follow-up day.
      await goTo(page, 'hotline', language);
      await page.keyboard.press('Control+N');
      await page.getByRole('heading', { level: 1, name: t('hotline.formNew') }).waitFor();
      await page.getByLabel(t('hotline.caller'), { exact: true }).fill('Dragana Pejović');
      await page.getByLabel(t('hotline.threat'), { exact: true }).selectOption('threat');
      await page.getByLabel(t('hotline.urgency'), { exact: true }).selectOption('immediate');
      await page.getByLabel(t('hotline.action'), { exact: true }).selectOption('police_dispatched');
      // Pasted rather than typed: text in the language's format fills the whole field.
      const received = dateField(page, t('hotline.receivedAt'));
      await pasteInto(received, c.summer);
      expect(await dateFieldText(received)).toBe(language === 'en' ? '2026-07-15 08:30' : '15. 7. 2026. 08:30');
      const followUp = dateField(page, t('hotline.followUpDue'));
      // Only a day: the follow-up is refused at its field until it is a whole date.
      await typeDate(followUp, c.typedDay.slice(0, language === 'en' ? 7 : 3));
      await page.getByRole('button', { name: t('hotline.submitNew') }).click();
      await expect.poll(() => errorOf(page, followUp)).toBe(t('validation.invalid_day'));
      expect((await app.api('hotline.list', {})).total).toBe(0);
      await typeDate(followUp, c.typedDay);
      expect(await dateFieldText(followUp)).toBe(c.typedDayShown);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `dates-${language}-hotline-form`);

      // Or picked from the calendar, by keyboard: it opens on the field's day (Monday first),
      // an arrow moves a day, Enter picks and closes.
      await page.getByRole('button', { name: `${t('dateField.calendar')} ${t('hotline.followUpDue')}`, exact: true }).click();
      const calendar = page.getByRole('dialog', { name: t('hotline.followUpDue') });
      await calendar.getByRole('grid').waitFor();
      const selected = calendar.locator('[role="gridcell"][aria-selected="true"]');
      expect(await selected.textContent()).toBe('20');
      // Monday first, named in the language (1 January 2024 was a Monday).
      const monday = new Intl.DateTimeFormat(FIELD_LOCALES[language], { weekday: 'narrow', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1)));
      expect(await calendar.locator('thead th').first().textContent()).toBe(monday);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `dates-${language}-calendar`);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await calendar.waitFor({ state: 'detached' });
      expect(await dateFieldText(followUp)).toBe({ 'sr-Latn': '21. 7. 2026.', 'sr-Cyrl': '21. 7. 2026.', en: '2026-07-21' }[language]);
      await page.getByRole('button', { name: t('hotline.submitNew') }).click();
      await page.getByRole('heading', { level: 1, name: t('hotline.title') }).waitFor();
      const [call] = (await app.api('hotline.list', {})).items;
      expect(call?.receivedAt).toBe('2026-07-15T06:30:00.000Z');
      expect(call?.followUpDue).toBe('2026-07-21');

      // The crisis list's date range, in Serbian days: 31 December 23:30 UTC is 1 January in Belgrade,
      // 30 June 22:30 UTC is already 1 July.
      await goTo(page, 'crises', language);
      const filters = page.getByRole('region', { name: t('crises.filters') });
      const rows = page.locator('[role="grid"] [data-crisis-id]');
      await expect.poll(() => rows.count()).toBe(3);
      await typeDate(dateField(filters, t('crises.from')), c.from);
      await typeDate(dateField(filters, t('crises.to')), c.to);
      await expect.poll(() => rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-crisis-id')).sort())).toEqual([early.id, inside.id].sort());
      expect(late.id).not.toBe(inside.id);
      // A half-typed bound says so and bounds nothing.
      const to = dateField(filters, t('crises.to'));
      await clearPart(to, 'month');
      await expect.poll(() => errorOf(page, to)).toBe(t('validation.invalid_day'));
      await expect.poll(() => rows.count()).toBe(3);
      await screenshot(page, `dates-${language}-crisis-filters`);

      // The dashboard's own period: the same two crises.
      await goTo(page, 'dashboard', language);
      await page.getByLabel(t('dashboard.preset.custom'), { exact: true }).check();
      await typeDate(dateField(page, t('dashboard.from')), c.from);
      await typeDate(dateField(page, t('dashboard.to')), c.to);
      await expect.poll(() => page.getByTestId('stat-total').getAttribute('data-value')).toBe('2');
      expect(app.problems).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

// Steps several browser tests share: moving between screens, reading the dashboard's cards.
import type { Locator, Page } from 'playwright-core';
import type { App } from './browser';
import { text } from './browserText';

export const SECTIONS = ['crises', 'hotline', 'dashboard', 'teams', 'settings'] as const;

/** Goes to a section with its keyboard shortcut (Ctrl+1 … Ctrl+5) and waits for its heading. */
export async function goTo(page: Page, section: (typeof SECTIONS)[number], language: 'sr-Latn' | 'sr-Cyrl' | 'en' = 'sr-Latn'): Promise<void> {
  await page.getByRole('navigation', { name: text('nav.label', {}, language) }).waitFor();
  await page.keyboard.press(`Control+${SECTIONS.indexOf(section) + 1}`);
  await page.getByRole('heading', { level: 1, name: text(`${section}.title`, {}, language) }).waitFor();
}

export type Card = 'total' | 'resolved' | 'livesSaved' | 'hostagesReleased' | 'suicidesPrevented' | 'hotline';

/** The dashboard's cards as numbers (their data-value is the number the service returned). */
export async function dashboardCards(page: Page): Promise<Record<Card, number>> {
  await goTo(page, 'dashboard');
  await page.getByTestId('stat-total').waitFor();
  await page.locator('.dashboard:not([aria-busy])').waitFor();
  const cards = ['total', 'resolved', 'livesSaved', 'hostagesReleased', 'suicidesPrevented', 'hotline'] as const;
  const values = {} as Record<Card, number>;
  for (const card of cards) {
    values[card] = Number(await page.getByTestId(`stat-${card}`).getAttribute('data-value'));
  }
  return values;
}

export async function seedMembers(app: App, teamSlug: 'belgrade' | 'novi-sad' | 'nis' | 'kragujevac' | 'kraljevo', names: [string, string, 'team_leader' | 'negotiator' | 'coach' | 'intelligence' | 'log_keeper'][]) {
  const members = [];
  for (const [name, callSign, role] of names) {
    members.push(await app.api('members.create', { teamSlug, name, callSign, role }));
  }
  return members;
}

/**
 * A date field (components/dateFields.tsx) by its label: the group of typed segments. Its text
 * is what the user sees, without the direction marks around the time.
 */
export function dateField(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('group', { name: label, exact: true });
}

export async function dateFieldText(field: Locator): Promise<string> {
  return ((await field.textContent()) ?? '').replace(/[\u2066-\u2069]/g, '');
}

/** A YYYY-MM-DD day as a Serbian date field shows and takes it: 2025-03-07 → 7. 3. 2025. */
export function serbianDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date}. ${month}. ${year}.`;
}

/** Types into a date field from its first segment, as a user does ("7. 3. 2026. 14:05"). */
export async function typeDate(field: Locator, typed: string): Promise<void> {
  await field.getByRole('spinbutton').first().focus();
  await field.page().keyboard.type(typed);
}

/** Empties a date field: Backspace in each segment, last to first. */
export async function clearDate(field: Locator): Promise<void> {
  const segments = field.getByRole('spinbutton');
  const count = await segments.count();
  for (let index = count - 1; index >= 0; index -= 1) {
    const segment = segments.nth(index);
    await segment.focus();
    while ((await segment.getAttribute('data-placeholder')) === null) await segment.press('Backspace');
  }
}

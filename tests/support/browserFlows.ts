// Steps several browser tests share: moving between screens, reading the dashboard's cards.
import type { Page } from 'playwright-core';
import type { App } from './browser';
import { text } from './browserText';

export const SECTIONS = ['crises', 'hotline', 'dashboard', 'teams', 'settings'] as const;

/** Goes to a section with its keyboard shortcut (Ctrl+1 … Ctrl+5) and waits for its heading. */
export async function goTo(page: Page, section: (typeof SECTIONS)[number]): Promise<void> {
  await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
  await page.keyboard.press(`Control+${SECTIONS.indexOf(section) + 1}`);
  await page.getByRole('heading', { level: 1, name: text(`${section}.title`) }).waitFor();
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

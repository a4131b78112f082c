// Managing members across the five teams: add, move to another team, deactivate.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp } from '../support/browser';
import { text } from '../support/browserText';
import { goTo } from '../support/browserFlows';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('a member is added, moved from Niš to Kraljevo, then made inactive', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await goTo(page, 'teams');
    const teams = page.getByRole('navigation', { name: text('teams.teamList') });
    await teams.getByRole('button', { name: new RegExp(text('team.nis')) }).click();
    await page.getByRole('heading', { name: text('teams.members', { team: text('team.nis') }) }).waitFor();

    await page.getByRole('button', { name: text('teams.addMember') }).click();
    const dialog = page.getByRole('dialog', { name: text('teams.newMember') });
    await dialog.getByLabel(text('teams.name'), { exact: true }).fill('Bojana Ristić');
    await dialog.getByLabel(text('teams.callSign'), { exact: true }).fill('Jug 7');
    await dialog.getByLabel(text('teams.role'), { exact: true }).selectOption('negotiator');
    await dialog.getByRole('button', { name: text('app.save') }).click();
    await page.getByRole('cell', { name: 'Bojana Ristić', exact: true }).waitFor();
    await teams.getByText(text('teams.activeMembers_one', { count: 1 })).waitFor();
    const [created] = await app.api('members.list', { teamSlug: 'nis' });
    expect(created).toMatchObject({ name: 'Bojana Ristić', callSign: 'Jug 7', role: 'negotiator', active: true });

    // Moved to Kraljevo: gone from Niš's list, present in Kraljevo's.
    await page.getByRole('button', { name: `${text('app.edit')}: Bojana Ristić` }).click();
    const edit = page.getByRole('dialog', { name: text('teams.editMember') });
    await edit.getByLabel(text('teams.team'), { exact: true }).selectOption('kraljevo');
    await edit.getByRole('button', { name: text('app.save') }).click();
    await page.getByText(text('teams.empty')).waitFor();
    expect(await app.api('members.list', { teamSlug: 'kraljevo' })).toEqual([expect.objectContaining({ id: created!.id })]);

    // Inactive: hidden unless "show inactive" is ticked.
    await teams.getByRole('button', { name: new RegExp(text('team.kraljevo')) }).click();
    await page.getByRole('button', { name: `${text('app.edit')}: Bojana Ristić` }).click();
    await page.getByRole('dialog', { name: text('teams.editMember') }).getByLabel(text('teams.active')).uncheck();
    await page.getByRole('dialog', { name: text('teams.editMember') }).getByRole('button', { name: text('app.save') }).click();
    await page.getByText(text('teams.empty')).waitFor();
    await page.getByLabel(text('teams.showInactive')).check();
    await page.getByRole('cell', { name: 'Bojana Ristić', exact: true }).waitFor();
    expect((await app.api('members.list', { teamSlug: 'kraljevo', includeInactive: true }))[0]?.active).toBe(false);
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

// Administration: accounts (a member of one team is created, signs in, sees only their team and
// none of the admin screens), the audit trail (verified, tampered with, verified again, paged
// back, exported), backups made and listed, and an account removed with re-encryption.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

const MEMBER = 'Milan Nikolić';
const MEMBER_PASSPHRASE = 'jug-sever-most-7-reka';
const ADMIN_SECTIONS = ['accounts', 'audit', 'backups'] as const;

/** An admin screen by its shortcut (Ctrl+6 … Ctrl+8, after the five work screens). */
async function goToAdmin(page: Page, section: (typeof ADMIN_SECTIONS)[number]): Promise<void> {
  await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
  await page.keyboard.press(`Control+${6 + ADMIN_SECTIONS.indexOf(section)}`);
  await page.getByRole('heading', { level: 1, name: text(`${section}.title`) }).waitFor();
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
}

async function expectAxeClean(page: Page, where: string): Promise<void> {
  expect(await seriousViolations(page), where).toEqual([]);
}

async function unlock(page: Page, passphrase: string, userName = '') {
  await page.getByRole('heading', { name: text('session.unlockTitle') }).waitFor();
  await page.getByLabel(text('session.unlockUserName'), { exact: true }).fill(userName);
  await page.getByLabel(text('session.passphrase'), { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: text('session.unlock') }).click();
}

test('an admin creates a member account; the member sees only their team and no admin screens', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    expect(await app.api('session.status')).toMatchObject({ role: 'admin', teamSlug: null });
    const nis = await app.api('crises.create', { teamSlug: 'nis', type: 'barricade', startedAt: '2025-03-02T10:00:00+01:00', municipality: 'Palilula' });
    const belgrade = await app.api('crises.create', { teamSlug: 'belgrade', type: 'hostage', startedAt: '2025-03-03T10:00:00+01:00', hostages: 1, municipality: 'Zemun' });

    // The admin sees the administration group and the role in the sidebar footer.
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    await page.getByTestId('signed-in-role').getByText(text('accountRole.admin')).waitFor();
    for (const section of ADMIN_SECTIONS) await page.getByRole('button', { name: new RegExp(`^${text(`nav.${section}`)}`) }).waitFor();

    await goToAdmin(page, 'accounts');
    await page.locator('tr[data-account="Ana Petrović"]').getByText(text('accountRole.admin'), { exact: true }).waitFor();
    await expectAxeClean(page, 'accounts');
    await screenshot(page, '30-accounts');

    await page.getByRole('button', { name: text('accounts.add') }).click();
    const dialog = page.getByRole('dialog', { name: text('accounts.newTitle') });
    await dialog.getByLabel(text('accounts.name'), { exact: true }).fill(MEMBER);
    await dialog.getByLabel(text('accounts.role'), { exact: true }).selectOption('member');
    // A member without a team is refused by the shared rule, before anything is sent.
    await dialog.getByLabel(text('accounts.passphrase'), { exact: true }).fill(MEMBER_PASSPHRASE);
    await dialog.getByLabel(text('accounts.passphraseRepeat'), { exact: true }).fill(MEMBER_PASSPHRASE);
    await dialog.getByRole('button', { name: text('accounts.create') }).click();
    await dialog.getByText(text('validation.member_needs_team')).waitFor();
    await dialog.getByLabel(text('accounts.team'), { exact: true }).selectOption('nis');
    await dialog.getByRole('meter', { name: text('session.strengthLabel') }).waitFor();
    await page.locator('.strength-label strong').filter({ hasNotText: text('session.strengthChecking') }).waitFor();
    await expectAxeClean(page, 'account dialog');
    await screenshot(page, '31-account-new');
    await dialog.getByRole('button', { name: text('accounts.create') }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-account="${MEMBER}"]`);
    await row.getByRole('cell', { name: text('accountRole.member'), exact: true }).waitFor();
    await row.getByRole('cell', { name: text('team.nis'), exact: true }).waitFor();
    expect((await app.api('accounts.list')).find((account) => account.name === MEMBER)).toMatchObject({ role: 'member', teamSlug: 'nis', active: true });

    // Lock; three wrong passphrases, and the fourth attempt at once is told to wait.
    await page.keyboard.press('Control+L');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await unlock(page, 'not the passphrase at all', MEMBER);
      await page.getByText(text('session.wrongPassphrase')).waitFor();
    }
    await page.getByRole('button', { name: text('session.unlock') }).click();
    await page.getByText(text('errors.TOO_MANY_ATTEMPTS')).waitFor();
    await screenshot(page, '32-unlock-wait');
    await expectAxeClean(page, 'unlock with user name');
    await page.getByText(text('session.retryNow')).waitFor({ timeout: 5_000 });

    // Signed in as the member: name and role in the footer, no admin entries, only Niš.
    await unlock(page, MEMBER_PASSPHRASE, MEMBER);
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    expect(await app.api('session.status')).toMatchObject({ state: 'unlocked', userName: MEMBER, role: 'member', teamSlug: 'nis' });
    await page.locator('.sidebar-user-name', { hasText: MEMBER }).waitFor();
    await page.getByTestId('signed-in-role').getByText(`${text('accountRole.member')} · ${text('team.nis')}`).waitFor();
    for (const section of ADMIN_SECTIONS) {
      expect(await page.getByRole('button', { name: new RegExp(`^${text(`nav.${section}`)}`) }).count(), section).toBe(0);
    }
    expect(await page.getByRole('heading', { name: text('nav.admin') }).count()).toBe(0);
    await page.keyboard.press('Control+6');
    await goTo(page, 'crises');
    await page.getByRole('gridcell', { name: nis.reference }).waitFor();
    expect(await page.locator('[data-crisis-id]').count()).toBe(1);
    expect(await page.getByRole('gridcell', { name: belgrade.reference }).count()).toBe(0);
    await screenshot(page, '33-member-crises');
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('the audit trail verifies, finds tampering by entry number, pages back and reports that export is unavailable', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    // Enough entries for more than one page (each new member is one trigger-written entry).
    for (let i = 0; i < 55; i += 1) await app.api('members.create', { teamSlug: 'kraljevo', name: `Član ${i}`, callSign: '', role: 'negotiator' });

    await goToAdmin(page, 'audit');
    await page.getByRole('button', { name: text('audit.verify') }).click();
    const entries = (await app.api('audit.verify')).entries;
    const ok = page.getByTestId('verify-result');
    await ok.and(page.locator('[data-ok="true"]')).waitFor();
    expect(await ok.innerText()).toContain(text('audit.verifyOk_other', { count: entries }).replace(/\.$/, ''));
    await expectAxeClean(page, 'audit ok');
    await screenshot(page, '34-audit-ok');

    // Paging back: the older page starts below the newest page's last entry.
    const newestTop = Number(await page.locator('tbody tr[data-seq]').first().getAttribute('data-seq'));
    const newestBottom = Number(await page.locator('tbody tr[data-seq]').last().getAttribute('data-seq'));
    expect(newestTop - newestBottom).toBe(49);
    await page.getByRole('button', { name: text('audit.older'), exact: true }).click();
    await page.getByRole('heading', { name: text('audit.olderEntries') }).waitFor();
    await page.locator(`tbody tr[data-seq="${newestBottom - 1}"]`).waitFor();
    expect(await page.locator(`tbody tr[data-seq="${newestTop}"]`).count()).toBe(0);
    await page.getByRole('button', { name: text('audit.newer'), exact: true }).click();
    await page.locator(`tbody tr[data-seq="${newestTop}"]`).waitFor();

    // Tampering, as someone with the key and a SQLite shell would: the trigger dropped, an entry edited.
    const store = app.session.requireStore();
    store.connection.exec('DROP TRIGGER audit_log_append_only');
    store.connection.prepare("UPDATE audit_log SET actor = 'Neko drugi' WHERE seq = 3").run();
    await page.getByRole('button', { name: text('audit.verify') }).click();
    const broken = page.getByTestId('verify-result').and(page.locator('[data-ok="false"]'));
    await broken.waitFor();
    await broken.getByText(text('audit.problemAt', { seq: 3, problem: text('auditProblem.edited') })).waitFor();
    await expectAxeClean(page, 'audit broken');
    await screenshot(page, '35-audit-broken');

    // The harness has no save dialog: the export says so instead of failing silently.
    await page.getByRole('button', { name: text('audit.export') }).click();
    await page.getByText(text('audit.exportFailed', { message: text('errors.NOT_AVAILABLE') })).waitFor();
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

test('a backup is made and listed; an account is removed with re-encryption', async () => {
  const app = await openApp(browser);
  const { page } = app;
  try {
    await app.api('accounts.create', {
      name: MEMBER,
      role: 'member',
      teamSlug: 'nis',
      passphrase: MEMBER_PASSPHRASE,
      passphraseRepeat: MEMBER_PASSPHRASE,
    });

    await goToAdmin(page, 'backups');
    await page.getByText(text('backups.empty')).waitFor();
    await page.getByRole('button', { name: text('backups.run') }).click();
    await page.locator('.alert-success', { hasText: text('backups.done', { date: '' }).slice(0, 10) }).waitFor();
    const [backup] = await app.api('backups.list');
    expect(backup).toBeDefined();
    await page.getByRole('cell', { name: backup!.fileName }).waitFor();
    await page.getByText(text('backups.count_one', { count: 1 })).waitFor();
    await expectAxeClean(page, 'backups');
    await screenshot(page, '36-backups');

    await goToAdmin(page, 'accounts');
    // The signed-in admin cannot remove themself: no button for their own row.
    expect(await page.getByRole('button', { name: `${text('accounts.remove')}: Ana Petrović` }).count()).toBe(0);
    await page.getByRole('button', { name: `${text('accounts.remove')}: ${MEMBER}` }).click();
    const dialog = page.getByRole('dialog', { name: text('accounts.removeTitle', { name: MEMBER }) });
    await dialog.getByText(text('accounts.rekeyHint')).waitFor();
    expect(await dialog.getByRole('checkbox', { name: text('accounts.rekey') }).isChecked()).toBe(true);
    await expectAxeClean(page, 'remove dialog');
    await screenshot(page, '37-account-remove');
    await dialog.getByRole('button', { name: text('accounts.removeConfirm') }).click();
    await dialog.waitFor({ state: 'detached' });
    // The row stays, inactive: the audit trail still names the person.
    await page.locator(`tr.row-muted[data-account="${MEMBER}"]`).getByText(text('accounts.inactiveState')).waitFor();
    expect((await app.api('accounts.list')).map((account) => [account.name, account.active])).toEqual([
      ['Ana Petrović', true],
      [MEMBER, false],
    ]);
    expect((await app.api('audit.list', { limit: 5 })).map((entry) => entry.action)).toEqual(expect.arrayContaining(['account_remove', 'rekey']));

    // The admin still unlocks with the old passphrase after the re-encryption; the member cannot.
    await page.keyboard.press('Control+L');
    await unlock(page, MEMBER_PASSPHRASE, MEMBER);
    await page.getByText(text('session.wrongPassphrase')).waitFor();
    await unlock(page, TEST_PASSPHRASE);
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    expect(app.problems).toEqual([]);
  } finally {
    await app.close();
  }
});

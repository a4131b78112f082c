// The app as it is built, started whole: the real out/main/index.js in its own process, the real
// out/preload/index.js in its pages, and only Electron's native part stood in for
// (tests/support/electronStandIn: Chromium through playwright-core). What these tests prove, and
// what only a machine with Electron can: README.md, "Tests".
//
// The store is made at the app's real scrypt cost: this is the app a team member starts.
import { cpSync, existsSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CasebookApi } from '@shared/bridge';
import { channelNames } from '@shared/channels';
import { CONTENT_SECURITY_POLICY } from '@shared/contentSecurityPolicy';
import { Session } from '../../src/main/services/session';
import { createDispatcher } from '../../src/main/ipc/dispatcher';
import { type BootedApp, PRELOAD, RENDERER_URL, bootBuiltApp, launchBuiltApp } from '../support/bootedApp';
import { text } from '../support/browserText';
import { goTo } from '../support/browserFlows';

const PASSPHRASE = 'dežurni tim čeka na mostu';
const USER = 'Ana Petrović';
/** Booting Chromium and deriving the real key take seconds; a busy machine may take several times that. */
const BOOT_TEST_TIMEOUT = 180_000;

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** A fresh userData folder and the app booted on it, closed after the test. */
async function bootFresh(): Promise<{ app: BootedApp; userData: string; storePath: string; page: Page }> {
  const userData = tempFolder('casebook-userdata-');
  const app = await bootBuiltApp(userData);
  cleanups.push(() => app.close());
  return { app, userData, storePath: join(userData, 'casebook.db'), page: await app.page() };
}

/** The page's globals, inside page.evaluate (callbacks run in the page, so each casts for itself). */
type Bridged = { casebook: CasebookApi };

/** Creates the store through the app's own bridge (not the UI), and shows the unlocked app. */
async function createStoreThroughBridge(page: Page): Promise<void> {
  const created = await page.evaluate(
    ([userName, passphrase]) => (globalThis as unknown as Bridged).casebook.session.create({ userName, passphrase, passphraseRepeat: passphrase }),
    [USER, PASSPHRASE] as const,
  );
  expect(created).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  await page.reload();
  await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
}

async function unlockThroughUi(page: Page): Promise<void> {
  await page.getByLabel(text('session.passphrase')).fill(PASSPHRASE);
  await page.getByRole('button', { name: text('session.unlock') }).click();
  await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
}

test(
  'first start creates the encrypted store in the userData folder the app was given, behind a strict CSP and no permissions',
  async () => {
    const { app, userData, storePath, page } = await bootFresh();
    expect(await app.evaluateMain(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(userData);
    await page.getByRole('heading', { name: text('session.setupTitle') }).waitFor();
    expect(existsSync(storePath)).toBe(false);

    await page.getByLabel(text('session.userName')).fill(USER);
    await page.getByLabel(text('session.passphrase'), { exact: true }).fill(PASSPHRASE);
    await page.getByLabel(text('session.passphraseRepeat')).fill(PASSPHRASE);
    await page.getByRole('button', { name: text('session.create') }).click();
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    await expect.poll(() => page.locator('.sidebar-user-name').textContent()).toBe(USER);

    // The store and its key file are where the shell put them, and the store is not plain SQLite.
    expect(existsSync(storePath)).toBe(true);
    expect(existsSync(`${storePath}.keys`)).toBe(true);
    const header = readFileSync(storePath).subarray(0, 16).toString('latin1');
    expect(header).not.toBe('SQLite format 3\0');
    expect(readFileSync(storePath).includes(Buffer.from(USER))).toBe(false);

    // The page came with the shell's CSP header (session.webRequest), on top of its meta tag.
    const [response] = await Promise.all([page.waitForEvent('response', (candidate) => candidate.url() === RENDERER_URL), page.reload()]);
    expect((await response.allHeaders())['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await page.getByRole('navigation', { name: text('nav.label') }).waitFor();
    const inlineRan = await page.evaluate(() => {
      const page = globalThis as unknown as { document: { createElement(tag: string): { textContent: string }; head: { append(node: unknown): void } }; inlineRan?: boolean };
      const script = page.document.createElement('script');
      script.textContent = 'globalThis.inlineRan = true';
      page.document.head.append(script);
      return page.inlineRan ?? false;
    });
    expect(inlineRan).toBe(false);
    // Refused once by each policy in force: the header's and the meta tag's.
    const refusals = app.problems.splice(0);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(refusal).toMatch(/Executing inline script violates the following Content Security Policy directive 'script-src 'self''/);

    // The shell's permission handlers deny everything; Chromium was told so.
    const permissions = await page.evaluate(async () => {
      const { permissions: api } = (globalThis as unknown as { navigator: { permissions: { query(d: { name: string }): Promise<{ state: string }> } } }).navigator;
      return Promise.all(['geolocation', 'notifications', 'camera'].map(async (name) => (await api.query({ name })).state));
    });
    expect(permissions).toEqual(['denied', 'denied', 'denied']);
    expect(app.problems).toEqual([]);
  },
  BOOT_TEST_TIMEOUT,
);

test(
  'the machine suspending, or its screen locking, locks the store and leaves no case data in the page',
  async () => {
    const { app, page } = await bootFresh();
    await createStoreThroughBridge(page);
    const secrets = ['Sova-4417 kod Ade Ciganlije', 'Tamni Vilajet'];

    await goTo(page, 'crises');
    await page.keyboard.press('Control+N');
    await page.getByLabel(text('crisisForm.team'), { exact: true }).selectOption('belgrade');
    await page.getByLabel(text('crisisForm.type'), { exact: true }).selectOption('barricade');
    await page.getByLabel(text('crisisForm.municipality'), { exact: true }).fill(secrets[1] ?? '');
    await page.getByLabel(text('crisisForm.notes'), { exact: true }).fill(secrets[0] ?? '');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('timer').waitFor();
    await page.getByText(secrets[0] ?? '').waitFor();
    const held = async () => {
      const html = await page.content();
      return secrets.filter((secret) => html.includes(secret));
    };
    expect(await held()).toEqual(secrets);

    for (const powerEvent of ['suspend', 'lock-screen'] as const) {
      await app.evaluateMain(({ powerMonitor }, name) => powerMonitor.emit(name), powerEvent);
      await page.getByRole('heading', { name: text('session.unlockTitle') }).waitFor();
      expect(await held()).toEqual([]);
      expect(await page.evaluate(() => (globalThis as unknown as Bridged).casebook.session.status())).toMatchObject({
        ok: true,
        value: { state: 'locked' },
      });
      await unlockThroughUi(page);
      await goTo(page, 'crises');
      await page.getByRole('gridcell', { name: secrets[1] }).click();
      await page.getByText(secrets[0] ?? '').waitFor();
      expect(await held()).toEqual(secrets);
    }
    expect(app.problems).toEqual([]);
  },
  BOOT_TEST_TIMEOUT,
);

test(
  'the page reaches the main process only through window.casebook, and a frame other than the app\u2019s own is refused',
  async () => {
    const { app, page } = await bootFresh();

    // The preload exposed one object, the channel table's namespaces, and nothing of Electron.
    const exposed = await page.evaluate(() => {
      const page = globalThis as unknown as Record<string, unknown> & { casebook: Record<string, unknown> };
      const names = Object.getOwnPropertyNames(globalThis);
      return {
        namespaces: Object.keys(page.casebook).sort(),
        frozen: Object.isFrozen(page.casebook),
        electronish: names.filter((name) => /ipc|electron|^require$|^process$|^Buffer$|^module$/i.test(name)),
      };
    });
    expect(exposed).toEqual({ namespaces: [...new Set(channelNames.map((name) => name.split('.')[0]))].sort(), frozen: true, electronish: [] });
    expect(await page.evaluate(() => (globalThis as unknown as Bridged).casebook.session.status())).toMatchObject({ ok: true, value: { state: 'no-store' } });

    // A frame inside the page gets no bridge of its own (nodeIntegrationInSubFrames is off).
    await page.evaluate(() => {
      const { document } = globalThis as unknown as { document: { createElement(tag: string): unknown; body: { append(node: unknown): void } } };
      document.body.append(document.createElement('iframe'));
    });
    const child = page.frames().find((frame) => frame !== page.mainFrame());
    expect(await child?.evaluate(() => 'casebook' in globalThis)).toBe(false);

    // The same page and preload, from another folder: a window the app does not own. Its
    // calls reach ipcMain with their frame, and the shell's sender check refuses them.
    const elsewhere = tempFolder('casebook-elsewhere-');
    cpSync('out/renderer', elsewhere, { recursive: true });
    const otherUrl = pathToFileURL(join(elsewhere, 'index.html')).href;
    await app.evaluateMain(
      ({ BrowserWindow }, { preload, url }) =>
        new BrowserWindow({ show: false, webPreferences: { preload, contextIsolation: true, sandbox: true } }).loadURL(url),
      { preload: PRELOAD, url: otherUrl },
    );
    const other = await app.page(otherUrl);

    // The app's own page may not navigate there: the shell's will-navigate handler stops it.
    const outcome = await Promise.race([
      page.waitForEvent('requestfailed', (request) => request.url() === otherUrl).then((request) => `refused: ${request.failure()?.errorText}`),
      page.waitForEvent('framenavigated', (frame) => frame.url() === otherUrl).then(() => 'navigated'),
      page.evaluate((url) => {
        (globalThis as unknown as { location: { href: string } }).location.href = url;
      }, otherUrl).then(() => new Promise<never>(() => undefined)),
    ]);
    expect(outcome).toBe('refused: net::ERR_ABORTED');
    expect(page.url()).toBe(RENDERER_URL);

    expect(await other.evaluate(() => (globalThis as unknown as Bridged).casebook.session.status())).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await other.evaluate(() => (globalThis as unknown as Bridged).casebook.crises.list({}))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    // The app's own window is still answered.
    expect(await page.evaluate(() => (globalThis as unknown as Bridged).casebook.session.status())).toMatchObject({ ok: true });
  },
  BOOT_TEST_TIMEOUT,
);

test(
  'a second instance on the same userData is refused: it quits at once and the first comes forward',
  async () => {
    const { app, userData, page } = await bootFresh();
    const windowState = () =>
      app.evaluateMain(({ BrowserWindow }) => {
        const [window] = BrowserWindow.getAllWindows();
        return { count: BrowserWindow.getAllWindows().length, visible: window?.isVisible(), minimized: window?.isMinimized(), focused: window?.isFocused() };
      });
    // The shell shows (and focuses) the window once its page is ready to show, which may come
    // after the page answers: minimized before that, the window would take the focus back.
    await expect.poll(windowState).toEqual({ count: 1, visible: true, minimized: false, focused: true });
    await app.evaluateMain(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.minimize());
    await expect.poll(windowState).toEqual({ count: 1, visible: true, minimized: true, focused: false });
    const before = readdirSync(userData).sort();

    const second = launchBuiltApp(userData);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    expect(await second.exited).toEqual({ code: 0, signal: null });
    await expect(second.ready).rejects.toThrow(/exited/);

    // The lock still names the first instance; the second left nothing behind.
    expect(readlinkSync(join(userData, 'SingletonLock'))).toBe(`${hostname()}-${app.child.pid}`);
    expect(readdirSync(userData).sort()).toEqual(before);
    // The shell's second-instance handler restored and focused the first instance's window.
    await expect.poll(windowState).toEqual({ count: 1, visible: true, minimized: false, focused: true });
    expect(await page.evaluate(() => (globalThis as unknown as Bridged).casebook.session.status())).toMatchObject({ ok: true });
  },
  BOOT_TEST_TIMEOUT,
);

test(
  'closing the window quits the app and closes the store: the file opens again at once, with what was written',
  async () => {
    const { app, userData, storePath, page } = await bootFresh();
    await createStoreThroughBridge(page);
    const notes = 'Zapisano pre izlaska: Kalemegdan, ulaz 3';
    const created = await page.evaluate(
      (note) =>
        (globalThis as unknown as Bridged).casebook.crises.create({ teamSlug: 'nis', startedAt: '2025-03-05T14:30:00+01:00', type: 'barricade', notes: note }),
      notes,
    );
    expect(created).toMatchObject({ ok: true });
    const crisisId = (created as { value: { id: string } }).value.id;

    // As the person closes it: the shell's window-all-closed quits the app.
    await app.evaluateMain(({ BrowserWindow }) => {
      BrowserWindow.getAllWindows()[0]?.close();
    });
    expect(await app.exited).toEqual({ code: 0, signal: null });

    // The store was closed, not left to the process's end: its WAL was checkpointed away.
    const wal = `${storePath}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    expect(existsSync(join(userData, 'SingletonLock'))).toBe(false);

    const session = new Session({ storePath });
    try {
      expect((await session.unlock(PASSPHRASE)).state).toBe('unlocked');
      const dispatch = createDispatcher(session, { reportUnexpected: () => undefined });
      expect(await dispatch('crises.get', { id: crisisId })).toMatchObject({ ok: true, value: { notes } });
    } finally {
      session.lock();
    }
  },
  BOOT_TEST_TIMEOUT,
);

// The Electron shell's security settings, with electron mocked (its binary cannot run here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { channelNames } from '@shared/channels';

const userData = mkdtempSync(join(tmpdir(), 'casebook-shell-'));

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    reloads = 0;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    reload() {
      this.reloads += 1;
    }
  }
  class FakeBrowserWindow extends Emitter {
    static all: FakeBrowserWindow[] = [];
    static getAllWindows() {
      return FakeBrowserWindow.all;
    }
    webContents = new FakeWebContents();
    loadedUrl = '';
    constructor(readonly options: Record<string, unknown>) {
      super();
      FakeBrowserWindow.all.push(this);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    show() {}
  }
  class FakeApp extends Emitter {
    isPackaged = true;
    singleInstance = true;
    quitCalls = 0;
    ready!: () => void;
    readyPromise = new Promise<void>((resolve) => {
      this.ready = resolve;
    });
    userData = '';
    requestSingleInstanceLock() {
      return this.singleInstance;
    }
    quit() {
      this.quitCalls += 1;
    }
    whenReady() {
      return this.readyPromise;
    }
    getPath() {
      return this.userData;
    }
  }
  const handlers = new Map<string, unknown>();
  const permissionRequest: { handler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null } = { handler: null };
  const permissionCheck: { handler: (() => boolean) | null } = { handler: null };
  const headers: { handler: ((details: unknown, cb: (response: unknown) => void) => void) | null } = { handler: null };
  const menu: { template: unknown[] | null } = { template: null };
  const powerMonitor = new Emitter();
  return { FakeBrowserWindow, FakeWebContents, app: new FakeApp(), handlers, permissionRequest, permissionCheck, headers, menu, powerMonitor };
});

vi.mock('electron', () => ({
  app: fake.app,
  powerMonitor: fake.powerMonitor,
  dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
  BrowserWindow: fake.FakeBrowserWindow,
  ipcMain: {
    handle: (channel: string, listener: unknown) => fake.handlers.set(channel, listener),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  },
  Menu: {
    buildFromTemplate: (template: unknown[]) => {
      fake.menu.template = template;
      return { template };
    },
    setApplicationMenu: () => undefined,
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: never) => (fake.permissionRequest.handler = handler),
      setPermissionCheckHandler: (handler: never) => (fake.permissionCheck.handler = handler),
      webRequest: { onHeadersReceived: (handler: never) => (fake.headers.handler = handler) },
    },
  },
}));

describe('Electron shell', () => {
  beforeAll(async () => {
    fake.app.userData = userData;
    // Importing the entry point starts the app, as Electron does.
    await import('../src/main/index');
    fake.app.ready();
    await fake.app.readyPromise;
    await new Promise((resolve) => setImmediate(resolve));
  });
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  test('the window is isolated, sandboxed, without Node, with web security on', () => {
    const window = fake.FakeBrowserWindow.all[0];
    expect(window).toBeDefined();
    const preferences = window?.options['webPreferences'] as Record<string, unknown>;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(String(preferences['preload'])).toMatch(/preload[/\\]index\.js$/);
    expect(window?.loadedUrl).toMatch(/^file:\/\/.*renderer\/index\.html$/);
  });

  test('new windows are denied and navigation away from the app is prevented', () => {
    const contents = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(navigate('will-navigate', fake.FakeBrowserWindow.all[0]?.loadedUrl ?? '')).toBe(false);
    expect(navigate('will-attach-webview', '')).toBe(true);
  });

  test('permissions are denied by default, and every response carries a strict CSP', () => {
    let granted: boolean | null = null;
    fake.permissionRequest.handler?.({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(fake.permissionCheck.handler?.()).toBe(false);
    let response: { responseHeaders: Record<string, string[]> } | null = null;
    fake.headers.handler?.({ responseHeaders: {} }, (r) => (response = r as typeof response));
    const csp = response!.responseHeaders['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*/);
  });

  test('every channel is registered, and frames other than the app are refused', async () => {
    expect(fake.handlers.size).toBe(channelNames.length);
    const status = fake.handlers.get('casebook:session.status') as (event: unknown, input: unknown) => Promise<unknown>;
    const own = fake.FakeBrowserWindow.all[0]?.loadedUrl ?? '';
    expect(await status({ senderFrame: { url: own } }, undefined)).toEqual({ ok: true, value: { state: 'no-store', userName: null, role: null, teamSlug: null } });
    expect(await status({ senderFrame: { url: 'file:///tmp/other.html' } }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  test('the app starts locked; creating a store unlocks it; locking closes it and reloads the page; quitting closes it', async () => {
    const own = { senderFrame: { url: fake.FakeBrowserWindow.all[0]?.loadedUrl ?? '' } };
    const call = (channel: string, input?: unknown) =>
      (fake.handlers.get(`casebook:${channel}`) as (event: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown }>)(own, input);
    const passphrase = 'shell test passphrase';
    await call('session.create', { userName: 'Shell', passphrase, passphraseRepeat: passphrase });
    expect((await call('teams.list')).ok).toBe(true);

    const reloadsBefore = fake.FakeBrowserWindow.all[0]?.webContents.reloads ?? 0;
    const lockItem = (fake.menu.template as { submenu: { id?: string; accelerator?: string; click?: () => void }[] }[])[0]?.submenu.find(
      (item) => item.id === 'lock',
    );
    expect(lockItem?.accelerator).toBe('CmdOrCtrl+L');
    lockItem?.click?.();
    expect(await call('session.status')).toEqual({ ok: true, value: { state: 'locked', userName: null, role: null, teamSlug: null } });
    expect(fake.FakeBrowserWindow.all[0]?.webContents.reloads).toBe(reloadsBefore + 1);

    await call('session.unlock', { passphrase });
    expect((await call('session.status')).value).toMatchObject({ state: 'unlocked' });
    fake.app.emit('before-quit');
    expect((await call('session.status')).value).toMatchObject({ state: 'locked' });
  });

  test('the store locks when the machine suspends or the screen locks', async () => {
    const own = { senderFrame: { url: fake.FakeBrowserWindow.all[0]?.loadedUrl ?? '' } };
    const call = (channel: string, input?: unknown) =>
      (fake.handlers.get(`casebook:${channel}`) as (event: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown }>)(own, input);
    for (const event of ['suspend', 'lock-screen']) {
      await call('session.unlock', { passphrase: 'shell test passphrase' });
      expect((await call('session.status')).value).toMatchObject({ state: 'unlocked' });
      fake.powerMonitor.emit(event);
      expect((await call('session.status')).value).toMatchObject({ state: 'locked' });
    }
  });

  test('a second instance quits at once', async () => {
    vi.resetModules();
    const quitsBefore = fake.app.quitCalls;
    const windowsBefore = fake.FakeBrowserWindow.all.length;
    fake.app.singleInstance = false;
    await import('../src/main/index');
    expect(fake.app.quitCalls).toBe(quitsBefore + 1);
    expect(fake.FakeBrowserWindow.all.length).toBe(windowsBefore);
    fake.app.singleInstance = true;
  });
});


// CSP violations reported by the page show up in the main process' log in development, and the
// shell settings the Electronegativity annotations rely on (build/electronegativity.cjs).
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  app: null as null | (EventEmitter & { isPackaged: boolean }),
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    quit: () => undefined,
    getPath: () => '/nonexistent/casebook-shell-csp',
    // Never ready: these tests need only what startApp wires before the first window.
    whenReady: () => new Promise<void>(() => undefined),
  });
  fake.app = app;
  return {
    app,
    BrowserWindow: { getAllWindows: () => [] },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    Menu: { buildFromTemplate: () => ({}), setApplicationMenu: () => undefined },
    session: { defaultSession: {} },
  };
});

const violation =
  "Refused to load the script 'https://evil.example/x.js' because it violates the following Content Security Policy directive: \"script-src 'self'\". Note that 'script-src-elem' was not explicitly set, so 'script-src' is used as a fallback.";

function consoleMessage(contents: EventEmitter, message: string): void {
  contents.emit('console-message', { message, level: 'error', lineNumber: 12, sourceId: 'file:///app/renderer/index.html', preventDefault: () => undefined });
}

class FakeContents extends EventEmitter {
  setWindowOpenHandler() {}
}

describe('CSP violations in development', () => {
  beforeEach(() => vi.resetModules());

  test('reportCspViolations repeats the page’s CSP reports, and nothing else, in the main log', async () => {
    const { reportCspViolations } = await import('../src/main/window');
    const contents = new EventEmitter();
    const logged: string[] = [];
    reportCspViolations(contents as never, (line) => logged.push(line));
    consoleMessage(contents, violation);
    consoleMessage(contents, 'Download the React DevTools for a better development experience');
    consoleMessage(contents, "Refused to apply inline style because it violates the following Content-Security-Policy directive: \"style-src 'self'\"");
    expect(logged).toEqual([
      `[csp] ${violation} (file:///app/renderer/index.html:12)`,
      `[csp] Refused to apply inline style because it violates the following Content-Security-Policy directive: "style-src 'self'" (file:///app/renderer/index.html:12)`,
    ]);
  });

  test.each([
    [false, 1],
    [true, 0],
  ])('the app listens on every web contents when isPackaged is %s: %i listener(s)', async (isPackaged, listeners) => {
    await import('electron'); // the mock, so its app can be set up before the app starts
    const app = fake.app;
    if (!app) throw new Error('electron mock not loaded');
    app.isPackaged = isPackaged;
    app.removeAllListeners();
    // Importing the entry point starts the app, as Electron does.
    await import('../src/main/index');
    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.listenerCount('console-message')).toBe(listeners);
    expect(contents.listenerCount('will-navigate')).toBe(1);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    consoleMessage(contents, violation);
    expect(warn).toHaveBeenCalledTimes(listeners);
    warn.mockRestore();
  });
});

describe('what the Electronegativity annotations rely on', () => {
  test('the CSP header is the page’s meta policy (which the scanner evaluates)', async () => {
    const { CONTENT_SECURITY_POLICY } = await import('@shared/contentSecurityPolicy');
    const html = readFileSync(resolve(import.meta.dirname, '../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });

  test('secureWebPreferences isolates, sandboxes and disables Auxclick', async () => {
    const { secureWebPreferences } = await import('../src/main/window');
    expect(secureWebPreferences('/preload.js', false)).toMatchObject({ contextIsolation: true, sandbox: true, disableBlinkFeatures: 'Auxclick' });
  });
});

describe('the development server policy', () => {
  test("adds only a nonce for Vite's inline fast-refresh preamble, and only to script-src", async () => {
    const { CONTENT_SECURITY_POLICY } = await import('@shared/contentSecurityPolicy');
    const { DEV_SCRIPT_NONCE, withDevScriptNonce } = await import('@shared/contentSecurityPolicy');
    const dev = withDevScriptNonce(CONTENT_SECURITY_POLICY);
    expect(dev).not.toBe(CONTENT_SECURITY_POLICY);
    expect(dev.replace(` 'nonce-${DEV_SCRIPT_NONCE}'`, '')).toBe(CONTENT_SECURITY_POLICY);
    expect(dev).toContain(`script-src 'self' 'nonce-${DEV_SCRIPT_NONCE}';`);
    expect(dev).not.toMatch(/unsafe-inline'[^;]*;[^;]*script|script-src[^;]*unsafe/);
  });
});

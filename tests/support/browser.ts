// Browser test harness: Chromium (playwright-core) shows the built renderer (out/renderer), and
// window.casebook is bridged to the real dispatcher over a real encrypted store in a temp folder.
// Only the transport differs from Electron: page.exposeFunction instead of ipcRenderer.invoke.
import { CHROMIUM_ARGS, chromiumPath } from '../../src/main/services/export/chromiumPrinter';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type ChannelInput, type ChannelName, type ChannelOutput, channelNames } from '../../src/shared/channels';
import type { Result } from '../../src/shared/errors';
import { Session } from '../../src/main/services/session';
import { createDispatcher } from '../../src/main/ipc/dispatcher';
import { provideImportDesk } from '../../src/main/services/import/desk';
import { CONTENT_SECURITY_POLICY } from '@shared/contentSecurityPolicy';
import { IMPORT_WORKER_FILE, TEST_PASSPHRASE, TEST_SCRYPT_COST } from './tempStore';

export { TEST_PASSPHRASE };

export const ORIGIN = 'http://casebook.test';
const RENDERER = resolve('out/renderer');
const AXE_PATH = '/__test__/axe.min.js';
const AXE_FILE = resolve('node_modules/axe-core/axe.min.js');
export const SCREENSHOTS = resolve('test-output/screenshots');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export interface App {
  page: Page;
  context: BrowserContext;
  session: Session;
  /** The dispatcher the page talks to; tests use it to seed and to check the store. */
  dispatch: ReturnType<typeof createDispatcher>;
  /** Calls a channel directly and unwraps its result (throws on an error envelope). */
  api: <C extends ChannelName>(channel: C, ...input: undefined extends ChannelInput<C> ? [ChannelInput<C>?] : [ChannelInput<C>]) => Promise<ChannelOutput<C>>;
  /** Page errors, console errors (CSP violations among them) and blocked requests. */
  problems: string[];
  storePath: string;
  close: () => Promise<void>;
}

export interface OpenOptions {
  /** Create and unlock the store before the page loads (most tests); false leaves "first start". */
  unlocked?: boolean;
  userName?: string;
  language?: 'sr-Latn' | 'sr-Cyrl' | 'en';
  viewport?: { width: number; height: number };
  /** The browser's own locale and time zone; the app must show Serbian time in its own language whatever they are. */
  browserLocale?: string;
  timezoneId?: string;
}

export async function openApp(browser: Browser, options: OpenOptions = {}): Promise<App> {
  const folder = mkdtempSync(join(tmpdir(), 'casebook-browser-'));
  const storePath = join(folder, 'casebook.db');
  const session = new Session({ storePath, scryptCost: TEST_SCRYPT_COST });
  const dispatch = createDispatcher(session, { reportUnexpected: () => undefined });
  const problems: string[] = [];
  provideImportDesk(session, IMPORT_WORKER_FILE, (error) => problems.push(`import thread: ${String(error)}`));

  const api = (async (channel: ChannelName, input?: unknown) => {
    const result = (await dispatch(channel, input)) as Result<unknown>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }) as App['api'];

  if (options.unlocked !== false) {
    await api('session.create', {
      userName: options.userName ?? 'Ana Petrović',
      passphrase: TEST_PASSPHRASE,
      passphraseRepeat: TEST_PASSPHRASE,
    });
  }

  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.browserLocale ?? 'sr-Latn-RS',
    timezoneId: options.timezoneId ?? 'Europe/Belgrade',
    serviceWorkers: 'block',
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      problems.push(`blocked request: ${url.href}`);
      return route.abort('blockedbyclient');
    }
    if (url.pathname === AXE_PATH) {
      return route.fulfill({ status: 200, contentType: TYPES['.js'], body: await readFile(AXE_FILE) });
    }
    const path = normalize(join(RENDERER, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!path.startsWith(RENDERER + sep)) return route.fulfill({ status: 404, body: 'not found' });
    try {
      const body = await readFile(path);
      // The same header Electron's session adds (src/main/security.ts), on top of the page's meta CSP.
      const headers = extname(path) === '.html' ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : undefined;
      return route.fulfill({ status: 200, contentType: TYPES[extname(path)] ?? 'application/octet-stream', body, ...(headers ? { headers } : {}) });
    } catch {
      problems.push(`404: ${url.pathname}`);
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
  if (options.language) {
    await context.addInitScript((language) => localStorage.setItem('casebook.language', language), options.language);
  }
  await context.exposeFunction('__casebookInvoke', (channel: unknown, input: unknown) => dispatch(channel, input ?? undefined));
  // The preload's bridge, built the same way as buildBridge (src/shared/bridge.ts).
  await context.addInitScript((names: string[]) => {
    const invoke = (globalThis as unknown as { __casebookInvoke: (c: string, i: unknown) => Promise<unknown> }).__casebookInvoke;
    const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
    for (const channel of names) {
      const [namespace, method] = channel.split('.') as [string, string];
      api[namespace] ??= {};
      api[namespace][method] = (input?: unknown) => invoke(channel, input);
    }
    for (const namespace of Object.values(api)) Object.freeze(namespace);
    Object.defineProperty(globalThis, 'casebook', { value: Object.freeze(api), enumerable: true });
  }, channelNames as string[]);

  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A <meta> CSP cannot carry frame-ancestors; the response header above does. Chromium says so.
    if (message.type() === 'error' && !/frame-ancestors' is ignored when delivered via a <meta>/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  await page.goto(`${ORIGIN}/index.html`);

  return {
    page,
    context,
    session,
    dispatch,
    api,
    problems,
    storePath,
    close: async () => {
      await context.close();
      session.lock();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core on the current page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  // Served from the app's own origin, so the page's CSP (script-src 'self') stays in force.
  if (!loaded) await page.addScriptTag({ url: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as { document: unknown; axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The pointer off the content, so no hover state or chart tooltip is photographed.
  await page.mouse.move(1, 1);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Today in Serbia, YYYY-MM-DD. */
export function serbianToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade' }).format(new Date());
}

// The built app, started whole: out/main/index.js in a child Node process whose `electron` is the
// stand-in (tests/support/electronStandIn), with out/preload/index.js run in its pages as Electron
// runs a sandboxed preload. The test attaches to the app's Chromium over CDP, as Playwright
// attaches to a real Electron app, and can run code in the main process with evaluateMain.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import type * as StandIn from './electronStandIn/electron';

const MAIN = resolve('out/main/index.js');
const BOOT = resolve('tests/support/electronStandIn/boot.ts');
export const RENDERER_URL = pathToFileURL(resolve('out/renderer/index.html')).href;
export const PRELOAD = resolve('out/preload/index.js');

export type ElectronStandIn = typeof StandIn;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LaunchedApp {
  child: ChildProcess;
  /** Everything the main process wrote to stdout and stderr, for failure messages. */
  output(): string;
  /** Resolves with the CDP endpoint once app is ready, or rejects if the process ends first. */
  ready: Promise<string>;
  exited: Promise<Exit>;
  /** Runs fn in the main process with the electron module; fn must not use outer variables. */
  evaluateMain<A, R>(fn: (electron: ElectronStandIn, arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
}

type FromChild = { type: 'ready'; cdpEndpoint: string } | { type: 'evaluated'; id: number; ok: boolean; value?: unknown; error?: string };

/** Starts the built main process with this userData folder (Electron's --user-data-dir). */
export function launchBuiltApp(userData: string, options: { packaged?: boolean } = {}): LaunchedApp {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'Europe/Belgrade', ELECTRON_STAND_IN_PACKAGED: options.packaged === false ? '0' : '1' };
  // The built app as a user starts it: not the dev server, no loader the test runner put in place.
  delete env['ELECTRON_RENDERER_URL'];
  delete env['NODE_OPTIONS'];
  const child = fork(MAIN, [`--user-data-dir=${userData}`], {
    execArgv: ['--import', BOOT, '--disable-warning=ExperimentalWarning'],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const exited = new Promise<Exit>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const ready = new Promise<string>((resolveReady, reject) => {
    child.on('message', (message: FromChild) => {
      if (message.type === 'ready') resolveReady(message.cdpEndpoint);
    });
    void exited.then((exit) => reject(new Error(`The app exited (${exit.code ?? exit.signal}) before it was ready.\n${output}`)));
  });
  // A test that expects the app to end never awaits ready; that is not a failure.
  ready.catch(() => undefined);

  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: FromChild) => {
    if (message.type !== 'evaluated') return;
    const entry = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) entry?.resolve(message.value);
    else entry?.reject(new Error(`In the main process: ${message.error}`));
  });
  void exited.then(() => {
    for (const entry of pending.values()) entry.reject(new Error(`The app exited.\n${output}`));
    pending.clear();
  });

  return {
    child,
    output: () => output,
    ready,
    exited,
    evaluateMain: (fn, arg) =>
      new Promise((resolveValue, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolveValue as (value: unknown) => void, reject });
        child.send({ type: 'evaluate', id, source: fn.toString(), arg });
      }),
  };
}

export interface BootedApp extends LaunchedApp {
  /** The test's own connection to the app's Chromium. */
  browser: Browser;
  /** Page errors and console errors in the app's pages. */
  problems: string[];
  /** The page showing url (the app's own renderer by default), once it has loaded. */
  page(url?: string): Promise<Page>;
  /** Quits the app if it still runs (a failed test) and waits for the process to end. */
  close(): Promise<Exit>;
}

/** A CSP directive a <meta> tag cannot carry; Chromium says so on the console, rightly. */
const META_FRAME_ANCESTORS = /frame-ancestors' is ignored when delivered via a <meta>/;

export async function bootBuiltApp(userData: string, options: { packaged?: boolean } = {}): Promise<BootedApp> {
  const launched = launchBuiltApp(userData, options);
  const browser = await chromium.connectOverCDP(await launched.ready);
  const problems: string[] = [];
  const watched = new WeakSet<Page>();
  const watch = (page: Page) => {
    if (watched.has(page)) return;
    watched.add(page);
    // Generous: a wait that fails here fails for its reason, not because the machine is busy.
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !META_FRAME_ANCESTORS.test(message.text())) problems.push(`console: ${message.text()}`);
    });
  };

  const page = async (url = RENDERER_URL): Promise<Page> => {
    const context = browser.contexts()[0];
    if (!context) throw new Error('The app has no browser context.');
    context.on('page', watch);
    for (let attempt = 0; attempt < 300; attempt += 1) {
      const found = context.pages().find((candidate) => candidate.url() === url);
      if (found) {
        watch(found);
        await found.waitForLoadState('load');
        return found;
      }
      await new Promise((wait) => setTimeout(wait, 50));
    }
    throw new Error(`No page shows ${url}; pages: ${context.pages().map((candidate) => candidate.url()).join(', ')}\n${launched.output()}`);
  };

  const close = async (): Promise<Exit> => {
    if (launched.child.exitCode === null && launched.child.signalCode === null) {
      await launched.evaluateMain(({ app }) => app.quit()).catch(() => undefined);
      const timer = setTimeout(() => launched.child.kill('SIGKILL'), 10_000);
      await launched.exited;
      clearTimeout(timer);
    }
    await browser.close().catch(() => undefined);
    return launched.exited;
  };

  return { ...launched, browser, problems, page, close };
}

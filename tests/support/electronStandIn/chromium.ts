// The Chromium behind the stand-in: one browser per app, its default context persisted in the
// profile folder (Electron's defaultSession, whose data lives under userData), launched through
// playwright-core with the project's flags.
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../src/main/services/export/chromiumPrinter';

const STAND_IN_SWITCHES = [
  // Electron's file: pages load their own module scripts (electron-vite's build is such a page);
  // plain Chromium refuses module scripts from file: without this switch.
  '--allow-file-access-from-files',
  // Where tests attach to the app's pages, as Playwright attaches to a real Electron app.
  '--remote-debugging-port=0',
];

export interface RunningChromium {
  /** The default context: session.defaultSession. */
  context: BrowserContext;
  /** http://127.0.0.1:PORT, for chromium.connectOverCDP. */
  cdpEndpoint: string;
}

let running: RunningChromium | null = null;

export async function launchChromium(profileFolder: string, switches: string[]): Promise<RunningChromium> {
  const context = await chromium.launchPersistentContext(profileFolder, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: null,
    args: [...CHROMIUM_ARGS, ...STAND_IN_SWITCHES, ...switches],
  });
  // Electron starts with no window; Chromium's first blank tab is not one of the app's.
  for (const page of context.pages()) await page.close();
  running = { context, cdpEndpoint: `http://127.0.0.1:${await debuggingPort(profileFolder)}` };
  return running;
}

/** Chromium writes the port it chose into the profile folder. */
async function debuggingPort(profileFolder: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      const port = readFileSync(join(profileFolder, 'DevToolsActivePort'), 'utf8').split('\n')[0];
      if (port) return port;
    } catch {
      // not written yet
    }
    await delay(50);
  }
  throw new Error('Chromium did not report its remote-debugging port.');
}

export function runningChromium(): RunningChromium {
  if (!running) throw new Error('Chromium is not running: the app is not ready.');
  return running;
}

export async function closeChromium(): Promise<void> {
  const current = running;
  running = null;
  await current?.context.close().catch(() => undefined);
}

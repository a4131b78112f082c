// A PdfPrinter for the CLI and tests: headless Chromium through playwright-core. JavaScript is
// off, the context is offline and every request is refused, so the page can only show what its
// own HTML holds. (The app prints through Electron's webContents.printToPDF instead.)
import type { Browser } from 'playwright-core';
import type { PdfPrinter } from './pdf';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

export interface ChromiumPrinter {
  print: PdfPrinter;
  close(): Promise<void>;
}

/** One Chromium for many prints; close() when done. */
export async function openChromiumPrinter(executablePath = chromiumPath()): Promise<ChromiumPrinter> {
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const print: PdfPrinter = async (html) => {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  };
  return { print, close: () => browser.close() };
}

/** Starts Chromium, prints one page and stops it: the simplest printer for a CLI command. */
export const printWithChromium: PdfPrinter = async (html) => {
  const printer = await openChromiumPrinter();
  try {
    return await printer.print(html);
  } finally {
    await printer.close();
  }
};

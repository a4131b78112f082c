// Electron shell: what exports, bundles and the audit trail need from the desktop. Main shows
// the save and open dialogs itself, so no path ever crosses the bridge, and prints reports to
// PDF in a hidden, offline window with JavaScript off.
import { BrowserWindow, dialog } from 'electron';
import type { ExchangeShell, FileDialogRequest } from '../services/export/shell';
import { secureWebPreferences } from './security';

async function printHtmlToPdf(html: string): Promise<Buffer> {
  const window = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK: set in secureWebPreferences()
    show: false,
    webPreferences: {
      ...secureWebPreferences('', false),
      preload: undefined, // eng-disable PRELOAD_JS_CHECK: this window has no preload at all
      javascript: false,
      offscreen: true,
      // Its own in-memory session, so refusing requests here touches nothing else.
      partition: 'casebook-print',
    },
  });
  try {
    // Every request but the report itself is refused: the page shows only what its HTML holds.
    window.webContents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    window.destroy();
  }
}

export function electronExchangeShell(parent: () => BrowserWindow | null): ExchangeShell {
  return {
    printPdf: printHtmlToPdf,
    async chooseSavePath(request: FileDialogRequest) {
      const options = { title: request.title, defaultPath: request.suggestedName ?? '', filters: request.filters };
      const owner = parent();
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenPath(request: FileDialogRequest) {
      const options = { title: request.title, filters: request.filters, properties: ['openFile' as const] };
      const owner = parent();
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}

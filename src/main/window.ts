// Electron shell: the windows. The main window and its menu, the security settings every window and web
// contents get, and what exports, bundles and the audit trail need from the desktop: main shows
// the save and open dialogs itself, so no path ever crosses the bridge, and prints reports to PDF
// in a hidden, offline window with JavaScript off.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, type MenuItemConstructorOptions, type Session as ElectronSession, type WebContents, type WebPreferences, dialog } from 'electron';
import { CONTENT_SECURITY_POLICY } from '@shared/contentSecurityPolicy';
import type { ExchangeShell, FileDialogRequest } from './services/export/shell';

// ---- The main window ---------------------------------------------------------------------------
/** The dev server's URL under `npm run dev`, else the built page beside this file. */
export function rendererUrl(): string {
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (devServer) return devServer;
  return pathToFileURL(join(__dirname, '../renderer/index.html')).href;
}

export function createMainWindow(devTools: boolean): BrowserWindow {
  // The scanner cannot see into secureWebPreferences(), which sets contextIsolation and sandbox
  // to true and disables Auxclick (tests/shell.test.ts checks them), hence the annotation.
  const window = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK: set in secureWebPreferences()
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Crisis Casebook',
    backgroundColor: '#f4f5f7',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), devTools),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl());
  return window;
}

/** The application menu. Lock is reachable from anywhere, with Ctrl+L. */
export function buildAppMenu(actions: { lock: () => void; quit: () => void }, devTools: boolean): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Casebook',
      submenu: [
        { id: 'lock', label: 'Lock', accelerator: 'CmdOrCtrl+L', click: actions.lock },
        { type: 'separator' },
        { id: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(devTools ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

// ---- Security settings -------------------------------------------------------------------------

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // No middle-click "open in new window" (window.open is denied anyway: defence in depth).
    disableBlinkFeatures: 'Auxclick',
    devTools,
  };
}

/** Denies every permission (camera, notifications, geolocation…) and adds the CSP header. */
export function hardenSession(session: ElectronSession, policy: string = CONTENT_SECURITY_POLICY): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      // The scanner cannot read the constant: it is the page's meta policy, which it does evaluate.
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] }, // eng-disable CSP_GLOBAL_CHECK: CONTENT_SECURITY_POLICY, as in index.html
    });
  });
}

/** No new windows, no navigation away, no webviews. */
export function hardenWebContents(contents: WebContents, isTrustedUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** What Chromium logs to the page's console when the CSP blocks something. */
const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy/i;

/**
 * In development only: CSP violations the page reports (Chromium logs them to the page's console)
 * are repeated in the main process' log, so a blocked script or style is seen at once instead of
 * failing silently. A file:// page cannot use report-uri/report-to, hence the console.
 */
export function reportCspViolations(
  contents: Pick<WebContents, 'on'>,
  log: (message: string) => void = (message) => console.warn(message),
): void {
  contents.on('console-message', (event) => {
    const { message, sourceId, lineNumber } = event;
    if (typeof message !== 'string' || !CSP_VIOLATION.test(message)) return;
    log(`[csp] ${message}${sourceId ? ` (${sourceId}:${lineNumber})` : ''}`);
  });
}

// ---- Dialogs and printing for exports, bundles and the audit trail -----------------------------

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

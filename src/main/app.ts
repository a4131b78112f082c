// Electron shell: the app's life. It starts locked; locking closes the store and reloads the
// window, so no case data survives in the page; quitting closes the store.
import { join } from 'node:path';
import { BrowserWindow, Menu, app, ipcMain, session as electronSession } from 'electron';
import { createDispatcher, registerIpc } from './ipc';
import { Session } from './services/session';
import { buildAppMenu } from './menu';
import { hardenSession, hardenWebContents, makeTrustedFrameCheck, reportCspViolations } from './security';
import { createMainWindow, rendererUrl } from './window';

export const STORE_FILE_NAME = 'casebook.db';

export function startApp(): void {
  // One instance only: two processes must never hold the same store.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const devTools = !app.isPackaged;
  const isTrusted = makeTrustedFrameCheck(rendererUrl());
  const session = new Session({ storePath: join(app.getPath('userData'), STORE_FILE_NAME) });
  let mainWindow: BrowserWindow | null = null;

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, isTrusted);
    if (devTools) reportCspViolations(contents);
  });

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  const lock = () => session.lock();
  session.onLock(() => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.reload();
  });

  app.on('before-quit', () => session.lock());
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenSession(electronSession.defaultSession);
    registerIpc(ipcMain, createDispatcher(session), isTrusted);
    Menu.setApplicationMenu(buildAppMenu({ lock, quit: () => app.quit() }, devTools));
    mainWindow = createMainWindow(devTools);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });
}

// Electron's entry point and the app's life. Only this file and window.ts import electron; the
// store, services, IPC and CLI beside them are plain Node. The app starts locked; locking closes
// the store and reloads the window, so no case data survives in the page; quitting closes the store.
import { join } from 'node:path';
import { BrowserWindow, Menu, app, ipcMain, powerMonitor, session as electronSession } from 'electron';
import { createDispatcher, makeTrustedFrameCheck, registerIpc } from './ipc';
import { recoverInterruptedRestore } from './services/backup';
import { startBackupSchedule } from './services/backupSchedule';
import { provideExchangeShell } from './services/export/shell';
import { provideImportDesk } from './services/import/desk';
import { Session } from './services/session';
import { CONTENT_SECURITY_POLICY, withDevScriptNonce } from '@shared/contentSecurityPolicy';
import { buildAppMenu, createMainWindow, electronExchangeShell, hardenSession, hardenWebContents, rendererUrl, reportCspViolations } from './window';

export const STORE_FILE_NAME = 'casebook.db';

export function startApp(): void {
  // One instance only: two processes must never hold the same store.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const devTools = !app.isPackaged;
  const isTrusted = makeTrustedFrameCheck(rendererUrl());
  const storePath = join(app.getPath('userData'), STORE_FILE_NAME);
  // A restore cut short by a crash is finished or rolled back before anything opens the store.
  recoverInterruptedRestore(storePath);
  const session = new Session({ storePath });
  let mainWindow: BrowserWindow | null = null;
  provideExchangeShell(session, electronExchangeShell(() => mainWindow));
  // Built beside this file (electron.vite.config.ts); Electron reads worker files from the asar archive.
  provideImportDesk(session, join(__dirname, 'importWorker.js'), (error) => console.error('[import] unexpected failure', error));

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

  const backups = startBackupSchedule({
    folder: session.backupFolder,
    getStore: () => {
      try {
        return session.requireStore();
      } catch {
        return null;
      }
    },
    onError: (error) => console.error('[backup] scheduled backup failed', error),
  });

  app.on('before-quit', () => {
    backups.stop();
    session.lock();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    // Nobody watches an unattended screen: lock when the machine sleeps or the screen locks.
    powerMonitor.on('suspend', lock);
    powerMonitor.on('lock-screen', lock);
    // Under `npm run dev` the page comes from Vite's server, which needs its preamble's nonce.
    const devServer = !app.isPackaged && Boolean(process.env['ELECTRON_RENDERER_URL']);
    hardenSession(electronSession.defaultSession, devServer ? withDevScriptNonce(CONTENT_SECURITY_POLICY) : CONTENT_SECURITY_POLICY);
    registerIpc(ipcMain, createDispatcher(session), isTrusted);
    Menu.setApplicationMenu(buildAppMenu({ lock, quit: () => app.quit() }, devTools));
    mainWindow = createMainWindow(devTools);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });
}

startApp();

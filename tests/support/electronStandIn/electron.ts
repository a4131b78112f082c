// What `require('electron')` gives the app's main process under the stand-in (boot.ts resolves
// it here): Electron's main-process modules the shell uses, backed by a real Chromium. The
// renderer-side modules (contextBridge, ipcRenderer) exist only inside the page, for the preload
// (pageScripts.ts), as in Electron.
export { app } from './app';
export { BrowserWindow } from './browserWindow';
export { ipcMain } from './ipcMain';
export { session } from './session';
export { dialog } from './dialog';
export { powerMonitor } from './powerMonitor';
export { Menu, MenuItem } from './menu';

export type { BrowserWindowOptions } from './browserWindow';
export type { WebPreferences } from './webContents';
export type { MenuItemConstructorOptions } from './menu';

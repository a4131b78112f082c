// Electron shell: the main window.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './security';

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

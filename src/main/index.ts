// Electron's entry point. Everything that imports electron lives beside this file
// (app.ts, window.ts, menu.ts, security.ts); the store, services and IPC below are plain Node.
import { startApp } from './app';

startApp();

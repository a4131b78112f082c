// Electron's entry point. Everything that imports electron lives in ./shell (the app's life,
// its window, menu, security settings, dialogs and printing); the store, services, IPC and
// CLI beside it are plain Node.
import { startApp } from './shell/app';

startApp();

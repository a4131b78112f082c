// Electron shell: the security settings every window and web contents get.
import type { Session as ElectronSession, WebContents, WebPreferences } from 'electron';

/** The renderer may load only itself: no remote origin anywhere. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
    devTools,
  };
}

/** Only the app's own page may talk to the main process. */
export function makeTrustedFrameCheck(rendererUrl: string): (url: string) => boolean {
  const trusted = new URL(rendererUrl);
  return (url: string) => {
    try {
      const candidate = new URL(url);
      if (trusted.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === trusted.pathname;
      return candidate.origin === trusted.origin;
    } catch {
      return false;
    }
  };
}

/** Denies every permission (camera, notifications, geolocation…) and adds the CSP header. */
export function hardenSession(session: ElectronSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
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

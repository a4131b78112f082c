// Electron shell: the security settings every window and web contents get.
import type { Session as ElectronSession, WebContents, WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '@shared/contentSecurityPolicy';

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

// The renderer's Content-Security-Policy: the one statement of it, for Electron's response
// header, the page's meta tag (src/renderer/index.html, checked by a test), the browser test
// harness and the development server. The renderer may load only itself: no remote origin.
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

// Development only: under `npm run dev`, Vite's React plugin injects one inline module script
// (the fast-refresh preamble). The page's CSP allows that script by this nonce, in development
// and nowhere else; the built app's policy stays `script-src 'self'`.
export const DEV_SCRIPT_NONCE = 'casebook-dev-server';

export function withDevScriptNonce(policy: string): string {
  return policy.replace("script-src 'self'", `script-src 'self' 'nonce-${DEV_SCRIPT_NONCE}'`);
}

// Development only: under `npm run dev`, Vite's React plugin injects one inline module script
// (the fast-refresh preamble). The page's CSP allows that script by this nonce, in development
// and nowhere else; the built app's policy stays `script-src 'self'`.
export const DEV_SCRIPT_NONCE = 'casebook-dev-server';

export function withDevScriptNonce(policy: string): string {
  return policy.replace("script-src 'self'", `script-src 'self' 'nonce-${DEV_SCRIPT_NONCE}'`);
}

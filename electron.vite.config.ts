import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { DEV_SCRIPT_NONCE, withDevScriptNonce } from './src/shared/contentSecurityPolicy';

const sharedAlias = { '@shared': resolve(__dirname, 'src/shared') };

/** Under the dev server only: the page's CSP admits React's fast-refresh preamble by its nonce. */
const devServerCsp: Plugin = {
  name: 'casebook-dev-server-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/content="(default-src[^"]*)"/, (_match, policy: string) => `content="${withDevScriptNonce(policy)}"`),
};

export default defineConfig(({ command }) => ({
  main: {
    resolve: { alias: sharedAlias },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The admin CLI runs the same services under plain Node, without Electron.
          cli: resolve(__dirname, 'src/main/cli/main.ts'),
          bench: resolve(__dirname, 'bench/main.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: sharedAlias },
    build: {
      // A sandboxed preload cannot require() packages, so zod and the contract are bundled in.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: { alias: { ...sharedAlias, '@renderer': resolve(__dirname, 'src/renderer/src') } },
    plugins: [react(), devServerCsp],
    ...(command === 'serve' ? { html: { cspNonce: DEV_SCRIPT_NONCE } } : {}),
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
}));

import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import optimizeLocales from '@react-aria/optimize-locales-plugin';
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
          // The Import screen's imports run on a thread of their own (src/main/services/import/worker.ts).
          importWorker: resolve(__dirname, 'src/main/services/import/importWorker.ts'),
          // Every import reads and checks its file on a thread of its own while it writes (import/readingThread.ts).
          importReader: resolve(__dirname, 'src/main/services/import/readerWorker.ts'),
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
    // react-aria's own strings (a date field's spoken names) only for the app's languages: Serbian, English.
    plugins: [react(), devServerCsp, optimizeLocales.vite({ locales: ['sr', 'en-US'] })],
    ...(command === 'serve' ? { html: { cspNonce: DEV_SCRIPT_NONCE } } : {}),
    build: {
      // Class static blocks (ES2022, in react-aria's date code) are lowered: the Electron security
      // scan (build/electronegativity.cjs) walks the bundle with a parser that predates them.
      target: 'es2021',
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
}));

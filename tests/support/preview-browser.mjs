#!/usr/bin/env node
/* global process, console */
// Preview the renderer in a plain browser, without Electron (see src/renderer/README.md).
//
//   npx electron-vite build && node tests/support/preview-browser.mjs [--store PATH] [--port 5199]
//                                     [--demo] [--bulk 100000] [--cheap-kdf]
//
// Serves out/renderer on 127.0.0.1 only, and answers window.casebook over a loopback HTTP
// endpoint guarded by a per-run token, with the real dispatcher and a real encrypted store.
// Vite's module runner loads the TypeScript (tests/support/browserPreview.ts) with the aliases.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    port: { type: 'string', default: '5199' },
    demo: { type: 'boolean', default: false },
    bulk: { type: 'string' },
    'cheap-kdf': { type: 'boolean', default: false },
    user: { type: 'string', default: 'Demo Korisnik' },
    passphrase: { type: 'string', default: 'pregovori traju dok ima nade' },
  },
});

const root = resolve(import.meta.dirname, '../..');
process.chdir(root);
const vite = await createServer({
  root,
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
  resolve: { alias: { '@shared': resolve(root, 'src/shared') } },
  optimizeDeps: { noDiscovery: true, include: [] },
});
const { startPreview } = await vite.ssrLoadModule('/tests/support/browserPreview.ts');
const preview = await startPreview({
  storePath: values.store,
  port: Number(values.port),
  cheapKdf: values['cheap-kdf'],
  bulk: values.bulk ? Number(values.bulk) : undefined,
  demo: values.demo ? { userName: values.user, passphrase: values.passphrase } : undefined,
});
console.log(`Crisis Casebook renderer: ${preview.url}`);
console.log(`Store: ${preview.storePath}${values.demo ? ` (passphrase: "${values.passphrase}")` : ''}`);
console.log('Ctrl+C stops the server and locks the store.');
const stop = async () => {
  await preview.close();
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

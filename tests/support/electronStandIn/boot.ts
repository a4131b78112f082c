// Started with `node --import tests/support/electronStandIn/boot.ts out/main/index.js`: the built
// main process runs in plain Node, and its `require('electron')` is this folder's electron.ts.
// Node strips the TypeScript; the resolve hook also lets these files import each other without
// extensions, as the project's bundler resolution does.
//
// When the test forked this process, it may ask it to run a function in the main process with
// the electron module (evaluateMain in tests/support/bootedApp.ts), as Playwright's
// electronApplication.evaluate does for a real Electron app.
import { existsSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const standIn = new URL('./electron.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: standIn, format: 'module-typescript', shortCircuit: true };
    if (context.parentURL?.endsWith('.ts') && /^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) {
      const candidate = new URL(`${specifier}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, format: 'module-typescript', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
});

interface EvaluateRequest {
  type: 'evaluate';
  id: number;
  source: string;
  arg: unknown;
}

if (process.send) {
  process.on('message', (message: EvaluateRequest) => {
    if (message?.type !== 'evaluate') return;
    void (async () => {
      try {
        const electron: unknown = createRequire(import.meta.url)('electron');
        const fn = new Function(`return (${message.source});`)() as (electron: unknown, arg: unknown) => unknown;
        const value = await fn(electron, message.arg);
        process.send?.({ type: 'evaluated', id: message.id, ok: true, value });
      } catch (error) {
        process.send?.({ type: 'evaluated', id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    })();
  });
  // The test's channel must not keep the app alive: Electron exits when the app quits.
  process.channel?.unref();
  // If the test that started the app is gone, so is the app (and with it its Chromium).
  process.on('disconnect', () => process.exit(1));
}

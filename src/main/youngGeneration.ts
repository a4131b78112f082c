// Memory while the main process builds a large result (a summary by month over twenty years, a
// whole store's bundle). V8 doubles its young generation whenever many objects survive a
// scavenge, up to 64 MiB a semi-space, and grows its old generation by its allocation rate more
// than by what stays alive: at 1,000,000 records such an export took the young generation from 32
// to 128 MiB and left ~90 MiB of garbage behind, for a ~320 MiB peak. So while one is built the
// young generation is held at its size, and once the last is done the garbage is collected.
// (Held for the whole process instead, the young generation soon shrinks to 2 MiB in a pause
// and stays there, and the dashboard takes ~1.5x as long.)
//
// V8 fixes the young generation's ceiling when it starts (--max-semi-space-size), and Electron
// takes V8 flags for its main process only on its own command line; the growth factor is read at
// each growth, so setting it to 1 while running keeps the young generation at the size it has.
// (Given at start, V8 would raise a factor below 2 to 2; set later, it takes it as is.) Electron's
// main process starts V8 with --no-freeze-flags-after-init, as Node does, so this is allowed there.
// Plain Node: no electron here.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const HOLD = '--semi-space-growth-factor=1';
/** V8's own default. */
export const GROW = '--semi-space-growth-factor=2';

let holders = 0;
/** One collection is enough for any number of releases before it runs. */
let collectionPending = false;

/**
 * Keeps the young generation from growing until the returned function is called. Holds may
 * overlap (an export waiting on its save dialog while another call runs); the last release lets
 * V8 grow it again and, once the caller's task is over, collects the garbage.
 */
export function holdYoungGeneration(): () => void {
  if (holders++ === 0) setFlagsFromString(HOLD);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders > 0) return;
    setFlagsFromString(GROW);
    if (collectionPending) return;
    collectionPending = true;
    setTimeout(collectGarbage, 0).unref();
  };
}

/**
 * A full collection now. V8 installs `gc` in a new context while --expose-gc is set; a runtime
 * that would not is left to collect when it sees fit.
 */
function collectGarbage(): void {
  collectionPending = false;
  if (holders > 0) return;
  fullCollection()?.();
}

/**
 * V8's full collection, or null where the runtime does not install it. V8 installs `gc` in a new
 * context while --expose-gc is set; the flag is cleared again at once.
 */
export function fullCollection(): (() => void) | null {
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('typeof gc === "function" ? gc : null') as (() => void) | null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

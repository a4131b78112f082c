// V8 doubles its young generation whenever many objects survive a scavenge, up to 64 MiB a
// semi-space, and never gives it back. A summary by month over twenty years does exactly that:
// at 1,000,000 records the young generation reached 128 MiB of the main process's ~310 MiB peak.
// The ceiling is fixed when V8 starts (--max-semi-space-size), and Electron takes V8 flags for its
// main process only on its own command line. The growth factor is read at each growth instead, so
// setting it to 1 while running keeps the young generation at the size it has. (Given at start,
// V8 would raise a factor below 2 to 2; set later, it is taken as is.) Plain Node: no electron here.
import { setFlagsFromString } from 'node:v8';

export const KEEP_YOUNG_GENERATION_SMALL = '--semi-space-growth-factor=1';

export function keepYoungGenerationSmall(): void {
  setFlagsFromString(KEEP_YOUNG_GENERATION_SMALL);
}

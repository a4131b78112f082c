// The dispatcher holds V8's young generation while a channel builds a large result. The V8 flags
// are recorded instead of applied: they are process-wide, and what they do is tested in
// youngGeneration.test.ts.
import type * as V8 from 'node:v8';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createDispatcher } from '../src/main/ipc';
import { Session } from '../src/main/services/session';
import { GROW, HOLD } from '../src/main/youngGeneration';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, tempFolder } from './support/tempStore';

const v8Flags = vi.hoisted(() => [] as string[]);
vi.mock('node:v8', async (importOriginal) => ({
  ...(await importOriginal<typeof V8>()),
  setFlagsFromString: (flags: string) => v8Flags.push(flags),
}));

describe('the young generation over IPC', () => {
  const session = new Session({ storePath: join(tempFolder(), 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
  const dispatch = createDispatcher(session);
  beforeAll(async () => {
    await dispatch('session.create', { userName: 'Ivana', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
  });
  afterEach(() => {
    v8Flags.length = 0;
  });
  afterAll(() => session.lock());

  test('is held while a summary is built and released after, also when the call fails', async () => {
    v8Flags.length = 0;
    const growth = () => v8Flags.filter((flags) => flags === HOLD || flags === GROW);
    expect(await dispatch('export.preview', { period: 'month' })).toMatchObject({ ok: true });
    expect(growth()).toEqual([HOLD, GROW]);
    // The garbage is collected once the call's task is over.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(v8Flags).toContain('--expose-gc');
    v8Flags.length = 0;
    // No exchange shell here: the handler throws NOT_AVAILABLE.
    expect(await dispatch('export.write', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
    expect(growth()).toEqual([HOLD, GROW]);
  });

  test('is left to V8 for everyday calls', async () => {
    expect(await dispatch('stats.summary', {})).toMatchObject({ ok: true });
    expect(await dispatch('crises.list', {})).toMatchObject({ ok: true });
    expect(v8Flags).toEqual([]);
  });
});

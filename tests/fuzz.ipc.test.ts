// IPC fuzzing, the parts that are not one channel's: every channel is fuzzed by exactly one of
// tests/fuzz.ipc.*.test.ts (tests/support/ipcFuzz.ts), a name outside the table is always
// UNKNOWN_CHANNEL, and a locked session never opens to a wrong passphrase.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { channelNames } from '@shared/channels';
import {
  FUZZ_GROUPS,
  FUZZ_SEED,
  type FuzzTemplate,
  createFuzzTemplate,
  expectNoPollution,
  hostile,
  hugeString,
  openFuzzCopy,
  removeFuzzFolder,
} from './support/ipcFuzz';
import { TEST_PASSPHRASE } from './support/tempStore';

let template: FuzzTemplate;
beforeAll(async () => {
  template = await createFuzzTemplate();
});
afterAll(() => removeFuzzFolder(template.folder));

describe('IPC fuzzing', () => {
  test('every channel of the table is fuzzed by exactly one file', () => {
    const fuzzed = Object.values(FUZZ_GROUPS).flat();
    expect([...fuzzed].sort()).toEqual([...channelNames].sort());
    expect(new Set(fuzzed).size).toBe(fuzzed.length);
  });

  test('channel names: anything that is not in the table is UNKNOWN_CHANNEL, never a throw', async () => {
    const copy = await openFuzzCopy(template);
    try {
      const names = fc.oneof(
        fc.string(),
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'crises.create ', 'CRISES.CREATE', 'crises', '', 'session.unlock\u0000'),
        fc.anything({ withNullPrototype: true, withBigInt: true, withBoxedValues: true }),
      );
      await fc.assert(
        fc.asyncProperty(names, hostile, async (name, payload) => {
          fc.pre(!(typeof name === 'string' && (channelNames as string[]).includes(name)));
          const result = await copy.dispatch(name, payload);
          expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
          expectNoPollution();
        }),
        { numRuns: 1_000, seed: FUZZ_SEED },
      );
      expect(copy.unexpected).toEqual([]);
    } finally {
      copy.session.lock();
      removeFuzzFolder(copy.folder);
    }
  });

  test('a locked session never unlocks with a wrong passphrase', async () => {
    const copy = await openFuzzCopy(template);
    const { dispatch, session, clock, unexpected } = copy;
    try {
      expect((await dispatch('session.lock', null)).ok).toBe(true);
      const nearMissList = [
        TEST_PASSPHRASE.toUpperCase(),
        `${TEST_PASSPHRASE} `,
        ` ${TEST_PASSPHRASE}`,
        TEST_PASSPHRASE.slice(0, -1),
        `${TEST_PASSPHRASE}\u0000`,
        TEST_PASSPHRASE.replace('o', '0'),
        TEST_PASSPHRASE.replace(/ /g, '\u00a0'),
        `${TEST_PASSPHRASE}${TEST_PASSPHRASE}`,
        // scrypt's HMAC zero-pads short keys: without the store's refusal of NUL, these would unlock.
        `${TEST_PASSPHRASE}\u0000\u0000`,
      ];
      for (const guess of nearMissList) {
        clock.now += 3_600_000;
        const result = await dispatch('session.unlock', { passphrase: guess });
        expect(result, JSON.stringify(guess)).toMatchObject({ ok: false });
        expect(session.status().state).toBe('locked');
      }
      const guesses = fc.oneof(fc.constantFrom(...nearMissList), fc.string({ minLength: 1, maxLength: 1024, unit: 'grapheme' }), fc.string({ maxLength: 64 }), hugeString);
      await fc.assert(
        fc.asyncProperty(guesses, async (guess) => {
          fc.pre(guess.normalize('NFC') !== TEST_PASSPHRASE);
          clock.now += 3_600_000;
          const result = await dispatch('session.unlock', { passphrase: guess });
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['WRONG_PASSPHRASE', 'VALIDATION']).toContain(result.error.code);
          expect(session.status().state).toBe('locked');
        }),
        // Each wrong guess derives a key: a count, with the time it takes (test scrypt cost) as its bound.
        { numRuns: 150, seed: FUZZ_SEED },
      );
      clock.now += 3_600_000;
      expect(await dispatch('session.unlock', { passphrase: TEST_PASSPHRASE })).toEqual({
        ok: true,
        value: { state: 'unlocked', userName: 'Fuzz', role: 'admin', teamSlug: null },
      });
      expect(unexpected).toEqual([]);
      expectNoPollution();
    } finally {
      session.lock();
      removeFuzzFolder(copy.folder);
    }
  }, 300_000);
});

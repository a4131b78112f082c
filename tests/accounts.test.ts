// Personal accounts with their own key slots, rekeying after a removal, and the unlock delay.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createAccount, listAccounts, removeAccount, updateAccount } from '../src/main/services/accounts';
import { createCrisis } from '../src/main/services/crises';
import { Session, unlockDelaySeconds } from '../src/main/services/session';
import { keyFilePathFor, openStore } from '../src/main/store';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, tempFolder, track } from './support/tempStore';

const MEMBER_PASSPHRASE = 'member passphrase of Kraljevo';

async function adminSession(now?: () => number) {
  const storePath = join(tempFolder(), 'casebook.db');
  const session = new Session({ storePath, scryptCost: TEST_SCRYPT_COST, ...(now ? { now } : {}) });
  await session.create('Admin Adminović', TEST_PASSPHRASE);
  return { session, storePath };
}

describe('accounts', () => {
  test('the first account is the admin; each new account gets its own slot and unlocks with its own passphrase', async () => {
    const { session, storePath } = await adminSession();
    expect(session.status()).toMatchObject({ userName: 'Admin Adminović', role: 'admin', teamSlug: null });
    const member = await createAccount(session.requireStore(), session.keyAccess(), {
      name: 'Jelena Kraljevčanka',
      role: 'member',
      teamSlug: 'kraljevo',
      passphrase: MEMBER_PASSPHRASE,
      passphraseRepeat: MEMBER_PASSPHRASE,
    });
    expect(JSON.parse(readFileSync(keyFilePathFor(storePath), 'utf8')).slots).toHaveLength(2);
    expect(readFileSync(keyFilePathFor(storePath), 'utf8')).not.toContain('Jelena');
    session.lock();

    await session.unlock(MEMBER_PASSPHRASE, 'jelena kraljevčanka');
    expect(session.status()).toMatchObject({ userName: 'Jelena Kraljevčanka', role: 'member', teamSlug: 'kraljevo' });
    createCrisis(session.requireStore(), { teamSlug: 'kraljevo', startedAt: '2024-01-01T10:00:00Z', type: 'other' });
    const made = session.requireStore().connection.prepare('SELECT created_by FROM crises').get();
    expect(made).toEqual({ created_by: 'Jelena Kraljevčanka' });
    session.lock();
    await expect(session.unlock(TEST_PASSPHRASE, 'Jelena Kraljevčanka')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await session.unlock(TEST_PASSPHRASE, 'Admin Adminović');
    expect(listAccounts(session.requireStore()).map((a) => [a.name, a.role, a.teamSlug])).toEqual([
      ['Admin Adminović', 'admin', null],
      ['Jelena Kraljevčanka', 'member', 'kraljevo'],
    ]);
    expect(member.createdBy).toBe('Admin Adminović');
    session.lock();
  });

  test('a member needs a team, and the last admin cannot be demoted or removed', async () => {
    const { session } = await adminSession();
    const store = session.requireStore();
    await expect(
      createAccount(store, session.keyAccess(), { name: 'N', role: 'member', passphrase: MEMBER_PASSPHRASE, passphraseRepeat: MEMBER_PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'VALIDATION', issues: [{ path: 'teamSlug' }] });
    const [admin] = listAccounts(store);
    expect(() => updateAccount(store, { id: admin!.id, version: admin!.version, account: { name: admin!.name, role: 'coordinator', teamSlug: null, active: true } })).toThrow(
      /last admin/,
    );
    expect(() => removeAccount(store, { id: admin!.id, rekey: false }, admin!.id)).toThrow(/own account/);
    session.lock();
  });

  test('removing an account deletes its slot; with a rekey an old copy of the slot opens nothing new', async () => {
    const { session, storePath } = await adminSession();
    const store = session.requireStore();
    const leaver = await createAccount(store, session.keyAccess(), {
      name: 'Odlazeći',
      role: 'coordinator',
      passphrase: MEMBER_PASSPHRASE,
      passphraseRepeat: MEMBER_PASSPHRASE,
    });
    const stolenKeyFile = join(tempFolder(), 'stolen.keys');
    copyFileSync(keyFilePathFor(storePath), stolenKeyFile);

    const { newStoreKey } = removeAccount(store, { id: leaver.id, rekey: true }, session.requireAccount().id);
    expect(newStoreKey).not.toBeNull();
    session.replaceStoreKey(newStoreKey!);
    createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-02-02T10:00:00Z', type: 'hostage' });
    session.lock();

    await expect(session.unlock(MEMBER_PASSPHRASE, 'Odlazeći')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    // The leaver's old key file still unwraps the old key, which no longer opens the database.
    copyFileSync(stolenKeyFile, keyFilePathFor(storePath));
    await expect(openStore({ path: storePath, passphrase: MEMBER_PASSPHRASE, userName: 'Odlazeći' })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
    });
  });

  test('the remaining accounts still open the store after a rekey', async () => {
    const { session, storePath } = await adminSession();
    const store = session.requireStore();
    await createAccount(store, session.keyAccess(), { name: 'Ostaje', role: 'coordinator', passphrase: MEMBER_PASSPHRASE, passphraseRepeat: MEMBER_PASSPHRASE });
    const leaver = await createAccount(store, session.keyAccess(), {
      name: 'Odlazi',
      role: 'coordinator',
      passphrase: 'another long passphrase',
      passphraseRepeat: 'another long passphrase',
    });
    const { newStoreKey } = removeAccount(store, { id: leaver.id, rekey: true }, session.requireAccount().id);
    session.replaceStoreKey(newStoreKey!);
    session.lock();
    track(await openStore({ path: storePath, passphrase: MEMBER_PASSPHRASE, userName: 'Ostaje' }));
    track(await openStore({ path: storePath, passphrase: TEST_PASSPHRASE, userName: 'Admin Adminović' }));
  });
});

test('two accounts with the same passphrase: the name picks the account', async () => {
  const { session } = await adminSession();
  for (const name of ['Milan Nikolić', 'Jelena Ilić']) {
    await createAccount(session.requireStore(), session.keyAccess(), {
      name,
      role: 'coordinator',
      passphrase: MEMBER_PASSPHRASE,
      passphraseRepeat: MEMBER_PASSPHRASE,
    });
  }
  session.lock();
  for (const name of ['Jelena Ilić', 'Milan Nikolić', 'jelena ilić']) {
    await session.unlock(MEMBER_PASSPHRASE, name);
    expect(session.status().userName?.toLocaleLowerCase('sr')).toBe(name.toLocaleLowerCase('sr'));
    session.lock();
  }
});

describe('guessing passphrases', () => {
  test('the delay grows after three wrong passphrases and is kept across restarts', async () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(unlockDelaySeconds)).toEqual([0, 0, 0, 1, 2, 4, 8, 300]);
    let clock = Date.parse('2026-01-01T10:00:00Z');
    const { session, storePath } = await adminSession(() => clock);
    session.lock();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(session.unlock(`wrong ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    await expect(session.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    const restarted = new Session({ storePath, scryptCost: TEST_SCRYPT_COST, now: () => clock });
    await expect(restarted.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    clock += 1_500;
    await restarted.unlock(TEST_PASSPHRASE);
    expect(restarted.status().state).toBe('unlocked');
    restarted.lock();
  });
});

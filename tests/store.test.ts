// The encrypted store: keys, errors, no plaintext on disk.
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { describe, expect, test } from 'vitest';
import { CasebookError } from '@shared/errors';
import { type Store, changePassphrase, createStore, keyFilePathFor, openStore, openingPragmas } from '../src/main/store';
import { unlockKeyFile } from '../src/main/store/keySlots';
import { openSqlcipher4, opensAsSqlcipher4, rewriteAsSqlcipher4 } from './support/sqlcipher4';
import { verifyAuditChain } from '../src/main/services/audit';
import { createCrisis, listCrises } from '../src/main/services/crises';
import { createHotlineCall } from '../src/main/services/hotline';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, newTestStore, tempFolder, track } from './support/tempStore';

async function expectCode(promise: Promise<unknown>, code: string): Promise<CasebookError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CasebookError);
  expect((error as CasebookError).code).toBe(code);
  return error as CasebookError;
}

describe('creating and opening', () => {
  test('a created store opens again with its passphrase and keeps its data', async () => {
    const { store, path } = await newTestStore('Ana Petrović');
    createHotlineCall(store, {
      receivedAt: '2024-05-01T10:00:00+02:00',
      caller: 'Marko',
      threat: 'threat',
      urgency: 'high',
      action: 'advice_given',
    });
    store.close();
    const reopened = track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    expect(reopened.actor).toBe('Ana Petrović');
    expect(reopened.all(reopened.qb.selectFrom('hotline_calls').select('caller'))).toEqual([{ caller: 'Marko' }]);
  });

  test('the database key is random and raw, and only the key file holds it, wrapped', async () => {
    const { path } = await newTestStore();
    const keyFile = JSON.parse(readFileSync(keyFilePathFor(path), 'utf8'));
    expect(keyFile.slots).toHaveLength(1);
    expect(keyFile.slots[0].kdf.algorithm).toBe('scrypt');
    expect(Buffer.from(keyFile.slots[0].storeKey.ciphertext, 'base64')).toHaveLength(32);
    expect(keyFile.slots[0].storeKey.ephemeralPublicKey).toBeTruthy();
    expect(readFileSync(keyFilePathFor(path), 'utf8')).not.toContain(TEST_PASSPHRASE);
  });

  test('two stores get different keys', async () => {
    const a = await newTestStore();
    const b = await newTestStore();
    const wrapped = (path: string) => JSON.parse(readFileSync(keyFilePathFor(path), 'utf8')).slots[0].storeKey.ciphertext;
    expect(wrapped(a.path)).not.toBe(wrapped(b.path));
  });

  test('the file is AEGIS-256, keyed with the raw key from the slot', async () => {
    const { store, path } = await newTestStore();
    store.close();
    const plain = new SqliteDatabase(path);
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database|encrypted/i);
    plain.close();

    const { storeKey } = await unlockKeyFile(keyFilePathFor(path), TEST_PASSPHRASE);
    const aegis = new SqliteDatabase(path);
    aegis.pragma(`cipher='aegis'`);
    aegis.pragma(`algorithm='aegis-256'`);
    aegis.pragma(`key="x'${storeKey.toString('hex')}'"`);
    expect(aegis.prepare('SELECT count(*) AS n FROM teams').get()).toEqual({ n: 5 });
    aegis.close();
    expect(opensAsSqlcipher4(path, storeKey)).toBe(false);
  });

  test('a wrong passphrase is a typed error and writes nothing', async () => {
    const { store, path } = await newTestStore();
    store.close();
    const before = readFileSync(path);
    const keysBefore = readFileSync(keyFilePathFor(path));
    await expectCode(openStore({ path, passphrase: 'not the passphrase' }), 'WRONG_PASSPHRASE');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readFileSync(keyFilePathFor(path)).equals(keysBefore)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  test('a missing store, a missing key file and a corrupt key file each have their own error', async () => {
    const folder = tempFolder();
    await expectCode(openStore({ path: join(folder, 'none.db'), passphrase: TEST_PASSPHRASE }), 'STORE_MISSING');

    const { store, path } = await newTestStore();
    store.close();
    const keyPath = keyFilePathFor(path);
    const keys = readFileSync(keyPath);

    writeFileSync(keyPath, '{ not json');
    await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'KEY_FILE_CORRUPT');
    writeFileSync(keyPath, JSON.stringify({ format: 'something-else' }));
    await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'KEY_FILE_CORRUPT');

    const tampered = JSON.parse(keys.toString('utf8'));
    tampered.slots[0].kdf.N = 2 ** 11;
    writeFileSync(keyPath, JSON.stringify(tampered));
    await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'WRONG_PASSPHRASE');

    writeFileSync(`${keyPath}.bak`, keys);
    const { rmSync } = await import('node:fs');
    rmSync(keyPath);
    await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'KEY_FILE_MISSING');
  });

  test('creating over an existing store is refused', async () => {
    const { path } = await newTestStore();
    await expectCode(
      createStore({ path, passphrase: TEST_PASSPHRASE, userName: 'x', scryptCost: TEST_SCRYPT_COST }),
      'STORE_EXISTS',
    );
  });

  test("another store's key file does not open this store", async () => {
    const a = await newTestStore();
    const b = await newTestStore();
    a.store.close();
    b.store.close();
    writeFileSync(keyFilePathFor(a.path), readFileSync(keyFilePathFor(b.path)));
    await expectCode(openStore({ path: a.path, passphrase: TEST_PASSPHRASE }), 'STORE_CORRUPT');
  });

  test('changing the passphrase rewraps the slot and leaves the database file as it was', async () => {
    const { store, path } = await newTestStore();
    store.close();
    const databaseBefore = readFileSync(path);
    const slotBefore = JSON.parse(readFileSync(keyFilePathFor(path), 'utf8')).slots[0];
    await changePassphrase(path, TEST_PASSPHRASE, 'a brand new passphrase', TEST_SCRYPT_COST);
    const slotAfter = JSON.parse(readFileSync(keyFilePathFor(path), 'utf8')).slots[0];
    expect(slotAfter.privateKey.ciphertext).not.toBe(slotBefore.privateKey.ciphertext);
    expect(slotAfter.id).toBe(slotBefore.id);
    expect(readFileSync(path).equals(databaseBefore)).toBe(true);
    await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'WRONG_PASSPHRASE');
    track(await openStore({ path, passphrase: 'a brand new passphrase' }));
    await expectCode(changePassphrase(path, 'wrong', 'another passphrase', TEST_SCRYPT_COST), 'WRONG_PASSPHRASE');
  });

  test('once writes pause, the WAL is copied into the database without any commit waiting for it', async () => {
    const { store, path } = await newTestStore();
    const { statSync } = await import('node:fs');
    store.connection.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(path).size;
    for (let i = 0; i < 40; i += 1) {
      createCrisis(store, { teamSlug: 'nis', startedAt: '2024-01-01T10:00:00Z', type: 'other', notes: 'x'.repeat(2_000) });
    }
    expect(statSync(path).size).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(statSync(path).size).toBeGreaterThan(before);
  });

  test('commits leave the full-text index unmerged, and a pause in writing merges it back down', async () => {
    const { store } = await newTestStore();
    const segments = () => store.connection.prepare('SELECT count(DISTINCT segid) FROM crises_fts_idx').pluck().get() as number;
    for (let i = 0; i < 24; i += 1) {
      createCrisis(store, { teamSlug: 'nis', startedAt: '2024-01-01T10:00:00Z', type: 'other', notes: `pregovori ${i} kod mosta` });
    }
    // Each commit left a segment of its own: FTS5 merged none of them inside a commit.
    expect(segments()).toBeGreaterThanOrEqual(24);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(segments()).toBeLessThan(4);
    store.connection.prepare("INSERT INTO crises_fts (crises_fts, rank) VALUES ('integrity-check', 1)").run();
    expect(listCrises(store, { filter: { text: 'mosta' } }).total).toBe(24);
  });

  test('while another program holds the write lock, the pause gives up merging at once and keeps the app responsive', async () => {
    const { store, path } = await newTestStore();
    const segments = () => store.connection.prepare('SELECT count(DISTINCT segid) FROM crises_fts_idx').pluck().get() as number;
    for (let i = 0; i < 24; i += 1) {
      createCrisis(store, { teamSlug: 'nis', startedAt: '2024-01-01T10:00:00Z', type: 'other', notes: `pregovori ${i}` });
    }
    const { storeKey } = await unlockKeyFile(keyFilePathFor(path), TEST_PASSPHRASE);
    const other = new SqliteDatabase(path);
    try {
      for (const pragma of openingPragmas(storeKey)) other.pragma(pragma);
      other.exec('BEGIN IMMEDIATE');
      // The idle pause comes while the other program writes: no merge, and no 5 s wait for the lock.
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(segments()).toBeGreaterThanOrEqual(24);
      expect(store.connection.pragma('busy_timeout', { simple: true })).toBe(5_000);
      other.exec('ROLLBACK');
    } finally {
      other.close();
      storeKey.fill(0);
    }
    // The next pause merges.
    createCrisis(store, { teamSlug: 'nis', startedAt: '2024-01-02T10:00:00Z', type: 'other', notes: 'pregovori kraj' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(segments()).toBeLessThan(4);
  });

  test('a locked store refuses every query', async () => {
    const { store } = await newTestStore();
    store.close();
    expect(() => store.all(store.qb.selectFrom('teams').selectAll())).toThrow(CasebookError);
  });

  test('WAL, foreign keys and a busy timeout are on', async () => {
    const { store } = await newTestStore();
    expect(store.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.connection.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.connection.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});

describe('no plaintext on disk', () => {
  test('no SQLite header and none of the inserted text in the file or its WAL', async () => {
    const { store, path } = await newTestStore('Officer Zlatibor');
    const secrets = ['Dragutinović', 'Kneza Miloša 77', 'barikadiran u stanu sa sekirom', 'Radio Zenit', 'Stojanka Pavlović'];
    createCrisis(store, {
      teamSlug: 'belgrade',
      startedAt: '2024-02-01T08:00:00+01:00',
      type: 'barricade',
      municipality: 'Vračar',
      locationNote: secrets[1],
      notes: `${secrets[0]} ${secrets[2]}`,
    });
    createHotlineCall(store, {
      receivedAt: '2024-02-02T09:00:00+01:00',
      caller: secrets[4] as string,
      outlet: secrets[3],
      threat: 'physical_attack',
      urgency: 'immediate',
      action: 'police_dispatched',
    });
    // Check while the WAL still holds the writes, then again after a checkpoint.
    const files = [path, `${path}-wal`, `${path}-shm`, keyFilePathFor(path)].filter((file) => existsSync(file));
    expect(files).toContain(`${path}-wal`);
    const scan = () => {
      for (const file of files.filter(existsSync)) {
        const bytes = readFileSync(file);
        expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
        for (const secret of [...secrets, 'Officer Zlatibor', 'Vračar', 'CREATE TABLE']) {
          expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${file}`).toBe(false);
          expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) in ${file}`).toBe(false);
        }
      }
    };
    scan();
    store.close();
    scan();
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
  });
});

describe('stores from before AEGIS-256 (SQLCipher 4)', () => {
  /** Every table's rows, in a stable order, to compare a store before and after the upgrade. */
  function contents(store: Store): Record<string, unknown[]> {
    const tables = store.connection
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")
      .pluck()
      .all() as string[];
    // Some tables are WITHOUT ROWID; the audit trail keeps its own order (seq).
    const ordered = (table: string) => (table === 'audit_log' ? ' ORDER BY seq' : '');
    const rows = (table: string) => store.connection.prepare(`SELECT * FROM "${table}"${ordered(table)}`).all();
    const sorted = (table: string) => (table === 'audit_log' ? rows(table) : rows(table).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    return Object.fromEntries(tables.map((table) => [table, sorted(table)]));
  }

  async function oldStore(): Promise<{ path: string; storeKey: Buffer; before: Record<string, unknown[]> }> {
    const { store, path } = await newTestStore('Ana Petrović');
    for (let n = 0; n < 30; n += 1) {
      createCrisis(store, {
        teamSlug: n % 2 ? 'nis' : 'belgrade',
        type: 'barricade',
        startedAt: `2024-03-${String((n % 28) + 1).padStart(2, '0')}T10:00:00+01:00`,
        municipality: `Opština ${n}`,
        notes: `pregovori ${n}`,
      });
    }
    const before = contents(store);
    store.close();
    const { storeKey } = await unlockKeyFile(keyFilePathFor(path), TEST_PASSPHRASE);
    rewriteAsSqlcipher4(path, storeKey);
    return { path, storeKey, before };
  }

  test('is upgraded once, on opening, with every row kept and the upgrade in the audit trail', async () => {
    const { path, storeKey, before } = await oldStore();
    expect(opensAsSqlcipher4(path, storeKey)).toBe(true);

    const store = await openStore({ path, passphrase: TEST_PASSPHRASE });
    const after = contents(store);
    const upgrade = (after.audit_log as { action: string; details: string; actor: string }[]).slice(before.audit_log?.length);
    expect(upgrade).toHaveLength(1);
    expect(upgrade[0]).toMatchObject({ action: 'rekey', actor: 'Ana Petrović' });
    expect(JSON.parse(upgrade[0]?.details ?? '{}')).toEqual({ reason: 'format_upgrade', from: 'sqlcipher-4', to: 'aegis-256' });
    expect({ ...after, audit_log: after.audit_log?.slice(0, before.audit_log?.length) }).toEqual(before);
    expect(verifyAuditChain(store).ok).toBe(true);
    expect(listCrises(store, { filter: { text: 'pregovori' }, limit: 50 }).total).toBe(30);
    store.close();

    expect(opensAsSqlcipher4(path, storeKey)).toBe(false);
    expect(existsSync(`${path}.upgrading`)).toBe(false);
    const again = track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    expect(contents(again).audit_log).toHaveLength(after.audit_log?.length ?? -1);
  });

  test('commits an old app left in the WAL when it was cut off are carried into the new format', async () => {
    const { path, storeKey } = await oldStore();
    const writer = openSqlcipher4(path, storeKey);
    if (!writer) throw new Error('the old store does not open as SQLCipher 4');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec("CREATE TABLE left_in_wal (note TEXT); INSERT INTO left_in_wal VALUES ('committed, never checkpointed')");
    // The files as a crash would leave them: the database, its WAL with that commit, the key file.
    const crashed = join(tempFolder(), 'casebook.db');
    for (const suffix of ['', '-wal', '.keys']) copyFileSync(`${path}${suffix}`, `${crashed}${suffix}`);
    writer.close();
    expect(statSync(`${crashed}-wal`).size).toBeGreaterThan(0);

    const store = track(await openStore({ path: crashed, passphrase: TEST_PASSPHRASE }));
    expect(store.connection.prepare('SELECT note FROM left_in_wal').pluck().all()).toEqual(['committed, never checkpointed']);
    expect(opensAsSqlcipher4(crashed, storeKey)).toBe(false);
  });

  test('while another program has it open, opening refuses with STORE_BUSY and changes nothing', async () => {
    const { path, storeKey } = await oldStore();
    const other = openSqlcipher4(path, storeKey);
    expect(other).not.toBeNull();
    other?.prepare('SELECT count(*) FROM crises').get();
    const bytes = readFileSync(path);
    try {
      const error = await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'STORE_BUSY');
      expect(error.message).toContain(path);
    } finally {
      other?.close();
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}.upgrading`)).toBe(false);
    track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    expect(opensAsSqlcipher4(path, storeKey)).toBe(false);
  });

  test('a copy left behind by an interrupted upgrade is thrown away and the upgrade redone', async () => {
    const { path, before } = await oldStore();
    writeFileSync(`${path}.upgrading`, 'half a copy');
    const store = track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    expect(contents(store).crises).toEqual(before.crises);
    expect(existsSync(`${path}.upgrading`)).toBe(false);
  });

  test('a file that opens in neither format is STORE_CORRUPT, and is left as it was', async () => {
    const { path } = await oldStore();
    // Damage in the first page makes the file unreadable in both formats.
    const damaged = readFileSync(path);
    damaged[200] = (damaged[200] ?? 0) ^ 0xff;
    writeFileSync(path, damaged);
    await expectCode(openStore({ path, passphrase: TEST_PASSPHRASE }), 'STORE_CORRUPT');
    expect(readFileSync(path).equals(damaged)).toBe(true);
    expect(existsSync(`${path}.upgrading`)).toBe(false);
  });
});

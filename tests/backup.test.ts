// Online encrypted backups, verified restores, rotation, and failures that leave nothing behind.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CasebookError } from '@shared/errors';
import {
  type BackupIo,
  backupDatabase,
  backupStore,
  listBackups,
  recoverInterruptedRestore,
  restoreBackup,
  verifyStoreIntegrity,
} from '../src/main/services/backup';
import { DEFAULT_RETENTION, pruneBackups, selectBackupsToKeep, startBackupSchedule } from '../src/main/services/backupSchedule';
import { createCrisis, getCrisis } from '../src/main/services/crises';
import { createHotlineCall } from '../src/main/services/hotline';
import { LATEST_SCHEMA_VERSION, type Store, keyFilePathFor, openStore, openingPragmas } from '../src/main/store';
import { unlockKeyFile } from '../src/main/store/keySlots';
import { TEST_PASSPHRASE, newTestStore, tempFolder, track } from './support/tempStore';
import { opensAsSqlcipher4, rewriteAsSqlcipher4 } from './support/sqlcipher4';

const CANARY = 'PLAINTEXT-CANARY-Milica-Jovanovic';
const crisisInput = {
  teamSlug: 'belgrade' as const,
  startedAt: '2024-04-04T04:04:00+02:00',
  type: 'hostage' as const,
  hostages: 2,
  notes: `Negotiator notes for ${CANARY}`,
};
const callInput = {
  receivedAt: '2024-05-01T09:15:00+02:00',
  caller: `${CANARY} (pseudonym)`,
  threat: 'threat' as const,
  urgency: 'high' as const,
  action: 'advice_given' as const,
};

const isRoot = process.getuid?.() === 0;

async function open(path: string, passphrase = TEST_PASSPHRASE): Promise<Store> {
  return track(await openStore({ path, passphrase }));
}

function count(store: Store, table: 'crises' | 'hotline_calls' | 'members'): number {
  return (store.connection.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function expectError(error: unknown, code: string, mentioning?: string): void {
  expect(error, `expected ${code}`).toBeInstanceOf(CasebookError);
  expect((error as CasebookError).code).toBe(code);
  if (mentioning) expect((error as CasebookError).message).toContain(mentioning);
}

function catching(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function catchingAsync(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}


describe('backup', () => {
  test('is encrypted with the store key, carries its key file, and reopens with the same passphrase', async () => {
    const { store, path } = await newTestStore();
    const crisis = createCrisis(store, crisisInput);
    createHotlineCall(store, callInput);
    const folder = join(tempFolder(), 'backups');

    const backup = backupStore(store, folder);
    expect(backup.path).toMatch(/casebook-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/);
    expect(readdirSync(folder).sort()).toEqual([`${backup.path.split('/').pop()}`, `${backup.path.split('/').pop()}.keys`].sort());

    const bytes = readFileSync(backup.path);
    expect(bytes.length).toBe(backup.bytes);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    for (const needle of [CANARY, 'CREATE TABLE', 'crisis_log', 'belgrade', 'Negotiator']) {
      expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
    }
    // The same key file: the same slots, so the same passphrases open it.
    expect(readFileSync(backup.keyFilePath)).toEqual(readFileSync(keyFilePathFor(path)));
    if (process.platform !== 'win32') {
      expect(statSync(backup.path).mode & 0o077).toBe(0);
      expect(statSync(backup.keyFilePath).mode & 0o077).toBe(0);
    }

    const copy = await open(backup.path);
    expect(getCrisis(copy, crisis.id)).toMatchObject({ notes: crisisInput.notes, reference: crisis.reference });
    expect(count(copy, 'hotline_calls')).toBe(1);
    expect(verifyStoreIntegrity(copy)).toEqual({ migrations: LATEST_SCHEMA_VERSION, auditChain: 'verified' });
    await expect(openStore({ path: backup.path, passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  test('SQLite’s backup API is refused by SQLite3MC for an unkeyed destination (why VACUUM INTO is used)', async () => {
    const { store, folder } = await newTestStore();
    createCrisis(store, crisisInput);
    const destination = join(folder, 'api-backup.db');
    await expect(store.connection.backup(destination)).rejects.toThrow(/not supported with incompatible source and target/);
    // What it leaves behind is empty: no plaintext ever reaches the disk.
    expect(existsSync(destination) ? statSync(destination).size : 0).toBe(0);
  });

  test('a snapshot stays consistent while another connection keeps writing', async () => {
    const { store, path } = await newTestStore();
    const before = count(store, 'members');
    const { storeKey } = await unlockKeyFile(keyFilePathFor(path), TEST_PASSPHRASE);
    // [committed, stop, started]: a row's insert is started before it commits and counted after.
    const shared = new Int32Array(new SharedArrayBuffer(12));
    const worker = new Worker(WRITER_WORKER, {
      eval: true,
      workerData: {
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers'),
        path,
        openPragmas: openingPragmas(storeKey),
        shared,
      },
    });
    storeKey.fill(0);
    const finished = new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    try {
      while (Atomics.load(shared, 0) < 20) await new Promise((resolve) => setTimeout(resolve, 5));
      const folder = join(tempFolder(), 'backups');
      const snapshots: { low: number; high: number; path: string }[] = [];
      for (let round = 0; round < 8; round += 1) {
        createHotlineCall(store, callInput); // and writes on the app's own connection, interleaved
        const low = Atomics.load(shared, 0);
        const backup = backupStore(store, folder, { now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, round)) });
        // Started, not committed: a row may commit before the worker counts it.
        const high = Atomics.load(shared, 2);
        snapshots.push({ low, high, path: backup.path });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      Atomics.store(shared, 1, 1);
      const written = await finished;
      expect(written).toBeGreaterThan(snapshots.at(-1)?.high ?? 0);
      for (const [round, snapshot] of snapshots.entries()) {
        const copy = await open(snapshot.path);
        // The worker's raw connection leaves its audit entries for the app's next transaction to
        // seal, so a snapshot may end in unsealed entries: this checks consistency, not the chain.
        verifyStoreIntegrity(copy, null);
        const members = count(copy, 'members') - before;
        expect(members).toBeGreaterThanOrEqual(snapshot.low);
        expect(members).toBeLessThanOrEqual(snapshot.high);
        expect(count(copy, 'hotline_calls')).toBe(round + 1);
        copy.close();
      }
      expect(count(store, 'members') - before).toBe(written);
    } finally {
      Atomics.store(shared, 1, 1);
      await finished.catch(() => undefined);
      await worker.terminate();
    }
  });

  test('the CLI entry point opens the store with the passphrase, backs it up and closes it', async () => {
    const { store, path } = await newTestStore();
    createCrisis(store, crisisInput);
    store.close();
    const folder = join(tempFolder(), 'nested', 'backups');
    const backup = await backupDatabase({ dbPath: path, passphrase: TEST_PASSPHRASE, to: folder });
    expect(listBackups(folder).map((entry) => entry.path)).toEqual([backup.path]);
    expect(count(await open(backup.path), 'crises')).toBe(1);
    await expect(backupDatabase({ dbPath: path, passphrase: 'wrong passphrase', to: folder })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
  });

  test('a locked store and a missing key file are refused before anything is written', async () => {
    const { store, path, folder } = await newTestStore();
    const target = join(folder, 'backups');
    store.close();
    expectError(catching(() => backupStore(store, target)), 'LOCKED');
    const reopened = await open(path);
    writeFileSync(join(folder, 'moved.keys'), readFileSync(keyFilePathFor(path)));
    execFileSync('rm', [keyFilePathFor(path)]);
    expectError(catching(() => backupStore(reopened, target)), 'KEY_FILE_MISSING');
    expect(existsSync(target)).toBe(false);
  });
});

describe('backup failures name the folder and leave nothing half-written', () => {
  test('a path under a regular file (ENOTDIR)', async () => {
    const { store, folder } = await newTestStore();
    const file = join(folder, 'a-file');
    writeFileSync(file, 'not a folder');
    const error = catching(() => backupStore(store, join(file, 'backups')));
    expectError(error, 'FOLDER_UNWRITABLE', join(file, 'backups'));
  });

  test.skipIf(isRoot || process.platform === 'win32')('a folder without write permission (EACCES; root ignores modes)', async () => {
    const { store } = await newTestStore();
    const folder = tempFolder();
    chmodSync(folder, 0o500);
    try {
      expectError(catching(() => backupStore(store, folder)), 'FOLDER_UNWRITABLE', folder);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      chmodSync(folder, 0o700);
    }
  });

  test('a read-only file system (EROFS), even as root: /proc, or a read-only tmpfs where mounting is allowed', async () => {
    const { store } = await newTestStore();
    if (process.platform === 'linux') {
      expectError(catching(() => backupStore(store, '/proc/self')), 'FOLDER_UNWRITABLE', '/proc/self');
    }
    const mounted = withTmpfs({ readOnly: true }, (folder) => {
      expectError(catching(() => backupStore(store, folder)), 'FOLDER_UNWRITABLE', folder);
      expect(readdirSync(folder)).toEqual([]);
    });
    if (!mounted) console.info('read-only tmpfs not available here; EROFS checked through /proc only');
  });

  test('a full disk while the key file is written (injected ENOSPC after a partial write)', async () => {
    const { store } = await newTestStore();
    createCrisis(store, crisisInput);
    const folder = tempFolder();
    writeFileSync(join(folder, 'unrelated.txt'), 'kept');
    const io: Partial<BackupIo> = {
      writeFile(path, data) {
        writeFileSync(path, data.subarray(0, data.length >> 1), { mode: 0o600 });
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    expectError(catching(() => backupStore(store, folder, { io })), 'DISK_FULL', folder);
    expect(readdirSync(folder)).toEqual(['unrelated.txt']);
    // The store's connection is fine afterwards, and the next backup works.
    expect(listBackups(folder)).toEqual([]);
    backupStore(store, folder);
    expect(listBackups(folder)).toHaveLength(1);
  });

  test('a full disk while the database is copied (injected SQLITE_FULL after a partial write)', async () => {
    const { store } = await newTestStore();
    const folder = tempFolder();
    const io: Partial<BackupIo> = {
      snapshot(_connection, path) {
        writeFileSync(path, Buffer.alloc(8192, 7));
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    };
    expectError(catching(() => backupStore(store, folder, { io })), 'DISK_FULL', folder);
    expect(readdirSync(folder)).toEqual([]);
  });

  test('a really full disk: a tiny tmpfs, where mounting is allowed', async () => {
    const { store } = await newTestStore();
    store.transaction(() => {
      for (let i = 0; i < 40; i += 1) createCrisis(store, { ...crisisInput, notes: randomText(18_000) });
    });
    const mounted = withTmpfs({ size: '256k' }, (folder) => {
      expectError(catching(() => backupStore(store, folder)), 'DISK_FULL', folder);
      expect(readdirSync(folder)).toEqual([]);
    });
    if (!mounted) console.info('tmpfs not available here; ENOSPC checked by injection only');
    expect(verifyStoreIntegrity(store).migrations).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('restore', () => {
  test('to a new location: verified, then in place, with the same data', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, crisisInput);
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    const targetFolder = join(tempFolder(), 'new', 'place');
    const target = join(targetFolder, 'casebook.db');

    const restored = await restoreBackup({ backupPath: backup.path, targetPath: target, passphrase: TEST_PASSPHRASE });
    expect(restored).toEqual({ targetPath: target, previousPath: null, integrity: { migrations: LATEST_SCHEMA_VERSION, auditChain: 'verified' } });
    expect(readdirSync(targetFolder).sort()).toEqual(['casebook.db', 'casebook.db.keys']);
    expect(getCrisis(await open(target), crisis.id).notes).toBe(crisisInput.notes);
  });

  test('a backup made before AEGIS-256 (SQLCipher 4) restores in the new format and is itself left as it was', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, crisisInput);
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    const { storeKey } = await unlockKeyFile(backup.keyFilePath, TEST_PASSPHRASE);
    rewriteAsSqlcipher4(backup.path, storeKey);
    const backupBytes = readFileSync(backup.path);
    const target = join(tempFolder(), 'casebook.db');

    await restoreBackup({ backupPath: backup.path, targetPath: target, passphrase: TEST_PASSPHRASE });
    expect(getCrisis(await open(target), crisis.id).notes).toBe(crisisInput.notes);
    expect(opensAsSqlcipher4(target, storeKey)).toBe(false);
    expect(readFileSync(backup.path).equals(backupBytes)).toBe(true);
  });

  test('a backup folder with one backup in it can be named instead of its file', async () => {
    const { store } = await newTestStore();
    createCrisis(store, crisisInput);
    const folder = join(tempFolder(), 'one');
    backupStore(store, folder);
    const target = join(tempFolder(), 'casebook.db');
    await restoreBackup({ backupPath: folder, targetPath: target, passphrase: TEST_PASSPHRASE });
    expect(count(await open(target), 'crises')).toBe(1);
    backupStore(store, folder, { now: () => new Date(Date.now() + 1000) });
    await expect(restoreBackup({ backupPath: folder, targetPath: join(tempFolder(), 'x.db'), passphrase: TEST_PASSPHRASE })).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
    });
  });

  test('over an existing store: the previous files are kept aside until success, then removed (or kept on request)', async () => {
    const { store, path, folder } = await newTestStore();
    createCrisis(store, crisisInput);
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    createCrisis(store, { ...crisisInput, notes: 'written after the backup' });
    store.close();

    const first = await restoreBackup({
      backupPath: backup.path,
      targetPath: path,
      passphrase: TEST_PASSPHRASE,
      keepPrevious: true,
      now: () => new Date('2025-02-03T04:05:06.007Z'),
    });
    expect(first.previousPath).toBe(`${path}.before-restore-2025-02-03T04-05-06-007Z`);
    expect(count(await open(path), 'crises')).toBe(1);
    const previous = await open(first.previousPath as string);
    expect(count(previous, 'crises')).toBe(2);
    previous.close();

    const second = await restoreBackup({ backupPath: backup.path, targetPath: path, passphrase: TEST_PASSPHRASE });
    expect(second.previousPath).toBeNull();
    expect(readdirSync(folder).filter((name) => /before-restore-(?!2025-02-03)/.test(name))).toEqual([]);
    expect(readdirSync(folder).filter((name) => name.startsWith('.') || name.includes('journal'))).toEqual([]);
  });

  test('runs the audit chain hook, and a broken chain refuses the restore', async () => {
    const { store } = await newTestStore();
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    const target = join(tempFolder(), 'casebook.db');
    const seen: string[] = [];
    const ok = await restoreBackup({
      backupPath: backup.path,
      targetPath: target,
      passphrase: TEST_PASSPHRASE,
      auditChainVerifier: (opened) => seen.push(opened.path),
    });
    expect(ok.integrity.auditChain).toBe('verified');
    expect(seen).toHaveLength(1);

    const other = join(tempFolder(), 'casebook.db');
    const refused = await restoreBackup({
      backupPath: backup.path,
      targetPath: other,
      passphrase: TEST_PASSPHRASE,
      auditChainVerifier: () => {
        throw new CasebookError('STORE_CORRUPT', 'audit chain broken at entry 7');
      },
    }).catch((error: unknown) => error);
    expectError(refused, 'BACKUP_INVALID', 'audit chain broken');
    expect(readdirSync(join(other, '..'))).toEqual([]);
  });

  const refusals: [string, (backup: { path: string; keyFilePath: string }) => Promise<void> | void, string, string][] = [
    ['a missing key file', (backup) => execFileSync('rm', [backup.keyFilePath]), TEST_PASSPHRASE, 'BACKUP_INVALID'],
    ['a wrong passphrase', () => undefined, 'not the passphrase', 'WRONG_PASSPHRASE'],
    [
      'a damaged page',
      (backup) => {
        const bytes = readFileSync(backup.path);
        bytes.fill(0x5a, bytes.length - 4096 + 100, bytes.length - 4096 + 200);
        writeFileSync(backup.path, bytes);
      },
      TEST_PASSPHRASE,
      'BACKUP_INVALID',
    ],
    [
      'a changed migration',
      async (backup) => {
        const copy = await openStore({ path: backup.path, passphrase: TEST_PASSPHRASE });
        copy.connection.prepare("UPDATE schema_migrations SET checksum = 'tampered'").run();
        copy.close();
      },
      TEST_PASSPHRASE,
      'MIGRATION_TAMPERED',
    ],
  ];

  test.each(refusals)('refuses %s and leaves the target untouched', async (_name, spoil, passphrase, code) => {
    const { store, path, folder } = await newTestStore();
    store.transaction(() => {
      for (let i = 0; i < 30; i += 1) createCrisis(store, { ...crisisInput, notes: randomText(3000) });
    });
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    createCrisis(store, crisisInput);
    store.close();
    const before = readdirSync(folder).sort();
    const bytes = readFileSync(path);
    await spoil(backup);

    const error = await catchingAsync(() => restoreBackup({ backupPath: backup.path, targetPath: path, passphrase }));
    expectError(error, code);
    expect(readdirSync(folder).sort()).toEqual(before);
    expect(readFileSync(path)).toEqual(bytes);
    expect(count(await open(path), 'crises')).toBe(31);
  });

  test('a full disk while copying the backup beside the target names the folder and leaves the target as it was', async () => {
    const { store, path, folder } = await newTestStore();
    createCrisis(store, crisisInput);
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    store.close();
    const before = readdirSync(folder).sort();
    const io: Partial<BackupIo> = {
      copyFile(from, to) {
        const data = readFileSync(from);
        writeFileSync(to, data.subarray(0, data.length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const error = await catchingAsync(() => restoreBackup({ backupPath: backup.path, targetPath: path, passphrase: TEST_PASSPHRASE, io }));
    expectError(error, 'DISK_FULL', folder);
    expect(readdirSync(folder).sort()).toEqual(before);
  });

  test('a swap that fails half-way is undone: the previous store is back in place, nothing else is left', async () => {
    const { store, path, folder } = await newTestStore();
    createCrisis(store, crisisInput);
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    createCrisis(store, crisisInput);
    store.close();
    const before = readdirSync(folder).sort();
    const bytes = readFileSync(path);
    const io: Partial<BackupIo> = {
      rename(from, to) {
        if (to === path) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        execFileSync('mv', [from, to]);
      },
    };
    const error = await catchingAsync(() => restoreBackup({ backupPath: backup.path, targetPath: path, passphrase: TEST_PASSPHRASE, io }));
    expectError(error, 'BACKUP_FAILED', folder);
    expect(readdirSync(folder).sort()).toEqual(before);
    expect(readFileSync(path)).toEqual(bytes);
    expect(count(await open(path), 'crises')).toBe(2);
  });

  test('an unwritable target folder is named', async () => {
    const { store, folder } = await newTestStore();
    const backup = backupStore(store, join(tempFolder(), 'backups'));
    const file = join(folder, 'plain-file');
    writeFileSync(file, 'x');
    const error = await catchingAsync(() =>
      restoreBackup({ backupPath: backup.path, targetPath: join(file, 'casebook.db'), passphrase: TEST_PASSPHRASE }),
    );
    expectError(error, 'FOLDER_UNWRITABLE', file);
  });

  test('a swap cut short by a crash is rolled back from the journal; a finished one is completed', async () => {
    const { store, path, folder } = await newTestStore();
    createCrisis(store, crisisInput);
    store.close();
    const original = readFileSync(path);
    const previous = `${path}.before-restore-2025-01-01T00-00-00-000Z`;
    const staged = join(folder, '.casebook.db.restoring-1-abcd');
    // The state a crash leaves after the key file was moved aside and the new one moved in.
    execFileSync('mv', [keyFilePathFor(path), keyFilePathFor(previous)]);
    execFileSync('mv', [path, previous]);
    writeFileSync(keyFilePathFor(path), 'new key file');
    writeFileSync(staged, 'staged database');
    const journal = { format: 'crisis-casebook/restore-journal', target: path, previous, staged, moved: ['', '.keys'], keepPrevious: false };
    writeFileSync(`${path}.restore-journal`, JSON.stringify({ ...journal, phase: 'swapping' }));

    expect(recoverInterruptedRestore(path)).toBe('rolled-back');
    expect(readFileSync(path)).toEqual(original);
    expect(readdirSync(folder).sort()).toEqual(['casebook.db', 'casebook.db.keys']);
    expect(count(await open(path), 'crises')).toBe(1);
    expect(recoverInterruptedRestore(path)).toBe('nothing');

    writeFileSync(previous, 'old');
    writeFileSync(`${path}.restore-journal`, JSON.stringify({ ...journal, phase: 'swapped' }));
    expect(recoverInterruptedRestore(path)).toBe('completed');
    expect(existsSync(previous)).toBe(false);
  });
});

describe('rotation', () => {
  const at = (iso: string) => ({ createdAt: new Date(iso), name: iso });
  const names = (entries: { name: string }[]) => entries.map((entry) => entry.name);

  test('keeps the newest of each of the last 7 days and of each of the last 4 ISO weeks', () => {
    // One backup a day at 03:00 UTC for 60 days, ending Sunday 2025-03-30.
    const daily = Array.from({ length: 60 }, (_, i) => at(new Date(Date.UTC(2025, 2, 30 - i, 3)).toISOString()));
    const { keep, remove } = selectBackupsToKeep(daily, { daily: 7, weekly: 4 });
    expect(names(keep)).toEqual([
      '2025-03-30T03:00:00.000Z',
      '2025-03-29T03:00:00.000Z',
      '2025-03-28T03:00:00.000Z',
      '2025-03-27T03:00:00.000Z',
      '2025-03-26T03:00:00.000Z',
      '2025-03-25T03:00:00.000Z',
      '2025-03-24T03:00:00.000Z',
      // Weekly: the newest of weeks 13 (kept already), 12, 11 and 10.
      '2025-03-23T03:00:00.000Z',
      '2025-03-16T03:00:00.000Z',
      '2025-03-09T03:00:00.000Z',
    ]);
    expect(keep.length + remove.length).toBe(60);
  });

  test('several a day: only the newest of each day; gaps are skipped, not counted', () => {
    const backups = [
      at('2025-03-10T08:00:00Z'),
      at('2025-03-10T20:00:00Z'),
      at('2025-03-10T12:00:00Z'),
      at('2025-03-01T12:00:00Z'),
      at('2025-02-01T12:00:00Z'),
    ];
    const { keep, remove } = selectBackupsToKeep(backups, { daily: 2, weekly: 0 });
    expect(names(keep)).toEqual(['2025-03-10T20:00:00Z', '2025-03-01T12:00:00Z']);
    expect(names(remove)).toEqual(['2025-03-10T12:00:00Z', '2025-03-10T08:00:00Z', '2025-02-01T12:00:00Z']);
  });

  test('days are Serbian days: 22:30 UTC on 30 March is already 31 March in Belgrade (CEST since that morning)', () => {
    const backups = [at('2025-03-30T22:30:00Z'), at('2025-03-30T21:30:00Z'), at('2025-03-30T12:00:00Z')];
    const { keep } = selectBackupsToKeep(backups, { daily: 2, weekly: 0 });
    // In UTC all three fall on the 30th and one would be kept; in Belgrade 22:30Z is 00:30 on the
    // 31st, and 21:30Z (23:30) is the newest of the 30th.
    expect(names(keep)).toEqual(['2025-03-30T22:30:00Z', '2025-03-30T21:30:00Z']);
  });

  test('the newest backup is kept even by an empty policy; unreadable dates are never removed', () => {
    const backups = [at('2025-01-01T00:00:00Z'), at('2025-01-02T00:00:00Z'), { createdAt: new Date('nonsense'), name: 'odd' }];
    const { keep, remove } = selectBackupsToKeep(backups, { daily: 0, weekly: 0 });
    expect(names(keep)).toEqual(['2025-01-02T00:00:00Z', 'odd']);
    expect(names(remove)).toEqual(['2025-01-01T00:00:00Z']);
  });

  test('properties: a partition, newest kept, at most daily + weekly kept, one per day and per week', () => {
    const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => ({ createdAt: new Date(ms) }));
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 80 }), fc.nat(10), fc.nat(6), (backups, daily, weekly) => {
        const { keep, remove } = selectBackupsToKeep(backups, { daily, weekly });
        expect(keep.length + remove.length).toBe(backups.length);
        expect(new Set([...keep, ...remove]).size).toBe(backups.length);
        if (backups.length > 0) {
          const newest = Math.max(...backups.map((backup) => backup.createdAt.getTime()));
          expect(keep.some((backup) => backup.createdAt.getTime() === newest)).toBe(true);
          expect(keep.length).toBeLessThanOrEqual(Math.max(1, daily + weekly));
        }
        const day = (backup: { createdAt: Date }) =>
          new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', dateStyle: 'short' }).format(backup.createdAt);
        expect(new Set(keep.map(day)).size).toBe(keep.length);
      }),
      { numRuns: 300 },
    );
  });

  test('pruning deletes whole pairs of one store only, and nothing else in the folder', async () => {
    const { store } = await newTestStore();
    const folder = tempFolder();
    for (let day = 1; day <= 12; day += 1) {
      backupStore(store, folder, { now: () => new Date(Date.UTC(2025, 0, day, 2)) });
    }
    writeFileSync(join(folder, 'other-2025-01-01T00-00-00-000Z.db'), 'another store');
    writeFileSync(join(folder, 'other-2025-01-01T00-00-00-000Z.db.keys'), 'its keys');
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    // 12 January 2025 is a Sunday: days 12, 11, 10; weeks 2025-W02 (12th) and 2025-W01 (5th).
    const removed = pruneBackups(folder, { daily: 3, weekly: 2 });
    expect(removed.map((entry) => entry.createdAt.toISOString().slice(0, 10))).toEqual([
      '2025-01-09',
      '2025-01-08',
      '2025-01-07',
      '2025-01-06',
      '2025-01-04',
      '2025-01-03',
      '2025-01-02',
      '2025-01-01',
    ]);
    const left = listBackups(folder);
    expect(left.filter((entry) => entry.prefix === 'casebook').map((entry) => entry.createdAt.getUTCDate())).toEqual([12, 11, 10, 5]);
    expect(left.filter((entry) => entry.prefix === 'other')).toHaveLength(1);
    expect(readdirSync(folder)).toContain('notes.txt');
    expect(readdirSync(folder).filter((name) => name.endsWith('.keys'))).toHaveLength(5);
  });

  test('the schedule backs up when one is due, rotates, and skips while locked', async () => {
    const { store } = await newTestStore();
    const folder = tempFolder();
    let clock = new Date('2025-01-01T10:00:00Z');
    let open: Store | null = store;
    const made: string[] = [];
    const schedule = startBackupSchedule({
      folder,
      getStore: () => open,
      now: () => clock,
      policy: { daily: 2, weekly: 0 },
      onBackup: (backup) => made.push(backup.createdAt.toISOString()),
    });
    try {
      expect(schedule.runNow()).not.toBeNull();
      expect(schedule.runNow()).toBeNull(); // not due yet
      for (let day = 1; day <= 4; day += 1) {
        clock = new Date(clock.getTime() + 25 * 3600_000);
        expect(schedule.runNow()).not.toBeNull();
      }
      expect(made).toHaveLength(5);
      expect(listBackups(folder)).toHaveLength(2);
      open = null;
      clock = new Date(clock.getTime() + 25 * 3600_000);
      expect(schedule.runNow()).toBeNull();
      expect(DEFAULT_RETENTION).toEqual({ daily: 7, weekly: 4 });
    } finally {
      schedule.stop();
    }
  });
});

describe('store hardening found on the way', () => {
  test.skipIf(process.platform !== 'linux')('temporary tables and sorts stay in memory, never as plaintext temp files', async () => {
    const { store } = await newTestStore();
    const db = store.connection;
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    const spill = () => {
      db.exec('DROP TABLE IF EXISTS temp.spill; CREATE TEMP TABLE spill (x TEXT)');
      db.pragma('temp.cache_size = -64');
      const insert = db.prepare('INSERT INTO temp.spill VALUES (?)');
      store.transaction(() => {
        for (let i = 0; i < 4000; i += 1) insert.run(`${CANARY} ${i} ${randomText(200)}`);
      });
      const plaintext = openTempFiles().some((file) => file.includes(Buffer.from(CANARY)));
      db.exec('DROP TABLE temp.spill');
      return plaintext;
    };
    expect(spill()).toBe(false);
    // The check can see the leak it guards against: SQLite's default writes the temp table out in the clear.
    db.pragma('temp_store = DEFAULT');
    try {
      expect(spill()).toBe(true);
    } finally {
      db.pragma('temp_store = MEMORY');
    }
  });
});

// ---- helpers ------------------------------------------------------------------------------------

function randomText(length: number): string {
  let text = '';
  while (text.length < length) text += Math.random().toString(36).slice(2);
  return text.slice(0, length);
}

/** SQLite's temp files are unlinked as soon as they are opened; they are still readable through /proc. */
function openTempFiles(): Buffer[] {
  const files: Buffer[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let link: string;
    try {
      link = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (/etilqs_/.test(link)) files.push(readFileSync(`/proc/self/fd/${fd}`));
  }
  return files;
}

/** Runs `work` in a fresh tmpfs when this machine lets us mount one (root on Linux); returns whether it ran. */
function withTmpfs(options: { size?: string; readOnly?: boolean }, work: (folder: string) => void): boolean {
  if (process.platform !== 'linux' || !isRoot) return false;
  const folder = join(tempFolder(), 'mnt');
  mkdirSync(folder);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${options.size ?? '1m'}${options.readOnly ? ',ro' : ''},mode=0700`, 'tmpfs', folder], {
      stdio: 'ignore',
    });
  } catch {
    return false;
  }
  try {
    work(folder);
  } finally {
    execFileSync('umount', [folder], { stdio: 'ignore' });
  }
  return true;
}

/** Writes members through its own connection until told to stop; shared[0] counts committed rows. */
const WRITER_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const Database = require(workerData.modulePath);
const db = new Database(workerData.path);
for (const pragma of workerData.openPragmas) db.pragma(pragma);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('temp_store = MEMORY');
// The audit triggers call these; the app registers them on every connection it opens.
const { createHash } = require('node:crypto');
db.function('casebook_actor', () => 'worker');
db.function('casebook_row_hash', { deterministic: true }, (json) => createHash('sha256').update(String(json)).digest('hex'));
const insert = db.prepare("INSERT INTO members (id, team_slug, name, call_sign, role, active, created_at, created_by, updated_at, updated_by) VALUES (?, 'belgrade', ?, '', 'negotiator', 1, ?, 'worker', ?, 'worker')");
const shared = workerData.shared;
let n = 0;
while (Atomics.load(shared, 1) === 0) {
  const at = new Date().toISOString();
  Atomics.store(shared, 2, n + 1);
  insert.run(randomUUID(), 'Writer ' + n, at, at);
  n += 1;
  Atomics.store(shared, 0, n);
}
db.close();
parentPort.postMessage(n);
`;

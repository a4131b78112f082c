// Real encrypted stores in temporary folders, with a cheap scrypt cost so a test opens in milliseconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { afterEach } from 'vitest';
import { MIGRATIONS, Store, createStore, migrate } from '../../src/main/store';
import { registerAuditFunctions } from '../../src/main/store/auditChain';

export const TEST_SCRYPT_COST = { N: 2 ** 12, r: 8, p: 1 };
export const TEST_PASSPHRASE = 'correct horse battery staple';
/** The import thread as built (`npm test` builds before vitest runs). */
export const IMPORT_WORKER_FILE = resolve('out/main/importWorker.js');
/** The import's reading thread as built. */
export const IMPORT_READER_FILE = resolve('out/main/importReader.js');

const folders: string[] = [];
const stores: Store[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'casebook-test-'));
  folders.push(folder);
  return folder;
}

export function track(store: Store): Store {
  stores.push(store);
  return store;
}

export async function newTestStore(userName = 'Test Officer'): Promise<{ store: Store; path: string; folder: string }> {
  const folder = tempFolder();
  const path = join(folder, 'casebook.db');
  const store = track(await createStore({ path, passphrase: TEST_PASSPHRASE, userName, scryptCost: TEST_SCRYPT_COST }));
  return { store, path, folder };
}

/** A store with only the first `version` migrations applied, to fill and then migrate further. */
export function storeAtSchemaVersion(version: number, userName = 'Test Officer'): Store {
  const path = join(tempFolder(), `schema-${version}.db`);
  const state = { name: userName, bulkWrite: false };
  const connection = new SqliteDatabase(path);
  registerAuditFunctions(connection, state);
  migrate(connection, MIGRATIONS.slice(0, version));
  return track(new Store(connection, path, state, null));
}

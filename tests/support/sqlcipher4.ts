// Stores in the format the app wrote before AEGIS-256 (SQLCipher 4, the same raw key), made by
// rewriting a current store, so the upgrade on opening can be tested on real files.
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { openingPragmas } from '../../src/main/store';

const SQLCIPHER4 = [`cipher='sqlcipher'`, 'legacy=4'];
const rawKey = (storeKey: Buffer) => `key="x'${storeKey.toString('hex')}'"`;

/** Re-encrypts a closed store as SQLCipher 4 in WAL mode, as the old app left it. */
export function rewriteAsSqlcipher4(path: string, storeKey: Buffer): void {
  const db = new SqliteDatabase(path);
  try {
    for (const pragma of openingPragmas(storeKey)) db.pragma(pragma);
    db.pragma('journal_mode = DELETE');
    for (const pragma of SQLCIPHER4) db.pragma(pragma);
    const result = db.pragma(`re${rawKey(storeKey)}`) as { ok?: string }[];
    if (result[0]?.ok !== 'ok') throw new Error('rekey to SQLCipher 4 failed');
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

/** A connection to a SQLCipher 4 file, or null when the key does not open it in that format. */
export function openSqlcipher4(path: string, storeKey: Buffer): SqliteDatabase.Database | null {
  const db = new SqliteDatabase(path);
  for (const pragma of [...SQLCIPHER4, rawKey(storeKey)]) db.pragma(pragma);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch {
    db.close();
    return null;
  }
}

export function opensAsSqlcipher4(path: string, storeKey: Buffer): boolean {
  const db = openSqlcipher4(path, storeKey);
  db?.close();
  return db !== null;
}

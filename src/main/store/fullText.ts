// The store's FTS5 indexes. Commits do not merge their segments (migration 0008): the store
// merges them a small step at a time once writes pause, so no single write pays for a merge.
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';

/** Pages one step merges at most: a few milliseconds, so a waiting request is never held up long. */
const PAGES_PER_MERGE_STEP = 64;

/** The FTS5 tables in this store, by name. */
export function fullTextTables(connection: SqliteDatabase.Database): string[] {
  const rows = connection
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name")
    .all() as { name: string }[];
  return rows.map((row) => row.name).filter((name) => /^[a-z_][a-z0-9_]*$/i.test(name));
}

/**
 * One step of merging on every FTS5 index, each its own small transaction. FTS5 merges only a
 * level that has 4 segments or more ('usermerge'). Returns whether any index had work to do:
 * the 'merge' command then changes more than its own row (FTS5's documented signal).
 */
export function mergeFullTextStep(connection: SqliteDatabase.Database): boolean {
  const totalChanges = connection.prepare('SELECT total_changes()').pluck();
  let merged = false;
  for (const table of fullTextTables(connection)) {
    const before = totalChanges.get() as number;
    connection.prepare(`INSERT INTO "${table}" ("${table}", rank) VALUES ('merge', ${PAGES_PER_MERGE_STEP})`).run();
    if ((totalChanges.get() as number) - before > 1) merged = true;
  }
  return merged;
}

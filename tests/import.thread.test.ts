// The import with its reading thread (out/main/importReader.js, as the CLI, the app and the bench
// run it) against the same import read in one thread: the same report and the same store, row
// for row, for clean files, bad rows, explicit references, Windows line ends and workbooks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CasebookError } from '../src/shared/errors';
import { type ImportOptions, type ImportResult, importSpreadsheet } from '../src/main/services/import';
import { CHUNK_ROWS } from '../src/main/services/import/reading';
import type { Store } from '../src/main/store';
import { expectAggregatesToMatch } from './support/aggregates';
import { IMPORT_READER_FILE, newTestStore } from './support/tempStore';
import { workbook } from './support/workbooks';

const HEADER = 'team,started_at,ended_at,type,municipality,outcome,lead_negotiator,notes,reference';

function crisesCsv(n: number, lineEnd = '\n', bad: ReadonlySet<number> = new Set()): Buffer {
  const teams = ['Beograd', 'Novi Sad', 'Niš', 'Kragujevac', 'Kraljevo'];
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2022, 0, 1) + ((i * 11) % n) * 9 * 3_600_000).toISOString().slice(0, 10);
    const outcome = ['surrender', 'talked_down', ''][i % 3];
    const ended = outcome === '' ? '' : `${day} 23:00`;
    const type = bad.has(i) ? 'parade' : ['hostage', 'barricade'][i % 2];
    // Every 50th row claims a reference of its own, further along than the numbers given to the rest.
    const reference = i % 50 === 7 ? `${['BG', 'NS', 'NI', 'KG', 'KV'][i % 5]}-${day.slice(0, 4)}-${900 + i}` : '';
    lines.push(`${teams[i % 5]},${day} 20:00,${ended},${type},Opština ${i % 7},${outcome},Pregovarač ${i % 4},"beleška ${i}, ""navodnici""",${reference}`);
  }
  return Buffer.from(lines.join(lineEnd) + lineEnd, 'utf8');
}

/**
 * What the import wrote, without what differs between two runs: ids, times, and row ids, which
 * follow the batches (rows are written in start-time order within one), and the reading thread
 * hands a batch over early when the writer waits for it. The row ids are checked to be 1 to n.
 */
function written(store: Store): unknown[] {
  const rowIds = store.connection.prepare('SELECT row_id FROM crises ORDER BY row_id').pluck().all();
  expect(rowIds).toEqual(rowIds.map((_, index) => index + 1));
  return store.connection
    .prepare(
      `SELECT c.reference, c.team_slug, c.started_at, c.ended_at, c.type, c.outcome, c.municipality, c.notes, c.import_key,
         (SELECT group_concat(m.name || ':' || d.role) FROM crisis_deployments AS d JOIN members AS m ON m.id = d.member_id WHERE d.crisis_id = c.id) AS deployed
       FROM crises AS c ORDER BY c.reference`,
    )
    .all();
}

async function bothWays(content: Buffer, options: ImportOptions): Promise<{ inline: ImportResult; threaded: ImportResult; inlineStore: Store; threadedStore: Store }> {
  const { store: inlineStore } = await newTestStore();
  const { store: threadedStore } = await newTestStore();
  const inline = importSpreadsheet(inlineStore, Buffer.from(content), options);
  const threaded = importSpreadsheet(threadedStore, Buffer.from(content), { ...options, readerThread: IMPORT_READER_FILE });
  return { inline, threaded, inlineStore, threadedStore };
}

describe('import with a reading thread', () => {
  test('the reading thread loads no store code: neither SQLite nor the query builder (Kysely was ~110 ms of its start)', () => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
        if (name?.startsWith('.')) visit(join(dirname(file), name));
        else if (name) packages.add(name);
      }
    };
    visit(IMPORT_READER_FILE);
    expect(seen.size).toBeGreaterThan(1);
    expect(packages).toContain('csv-parse/sync');
    expect([...packages].filter((name) => /kysely|sqlite/.test(name))).toEqual([]);
  });

  test('a clean file over several batches: the same report and the same rows as read in one thread', async () => {
    const { inline, threaded, inlineStore, threadedStore } = await bothWays(crisesCsv(5_000), { kind: 'crises', batchRows: 1_500 });
    expect(threaded).toEqual(inline);
    expect(threaded).toMatchObject({ imported: 5_000, committed: true, invalid: [] });
    const rows = written(threadedStore);
    expect(rows).toHaveLength(5_000);
    expect(rows).toEqual(written(inlineStore));
    // Line 9 (row 7) claimed its reference; the numbers given to the others go around it.
    expect(rows).toContainEqual(expect.objectContaining({ reference: expect.stringMatching(/^NI-\d{4}-907$/), team_slug: 'nis', deployed: 'Pregovarač 3:lead_negotiator' }));
    expectAggregatesToMatch(threadedStore);
  });

  test('the writer gets the first rows as soon as they fill a chunk, not once a whole batch is read', async () => {
    const file = crisesCsv(6_000);
    const { store: inBatchesOfAChunk } = await newTestStore();
    importSpreadsheet(inBatchesOfAChunk, Buffer.from(file), { kind: 'crises', batchRows: CHUNK_ROWS });
    const { store: threaded } = await newTestStore();
    // Batches of up to 20,000 rows: on the thread, the first is handed over at one chunk, as the writer waits from the start.
    importSpreadsheet(threaded, Buffer.from(file), { kind: 'crises', readerThread: IMPORT_READER_FILE });
    const firstBatch = (store: Store) =>
      store.connection.prepare(`SELECT row_id, reference FROM crises WHERE row_id <= ${CHUNK_ROWS} ORDER BY row_id`).all();
    expect(firstBatch(threaded)).toHaveLength(CHUNK_ROWS);
    expect(firstBatch(threaded)).toEqual(firstBatch(inBatchesOfAChunk));
  });

  test('bad rows: nothing by default, only the valid rows when asked; Windows line ends count lines alike', async () => {
    const file = crisesCsv(3_000, '\r\n', new Set([10, 2_500]));
    const refused = await bothWays(file, { kind: 'crises' });
    expect(refused.threaded).toEqual(refused.inline);
    expect(refused.threaded).toMatchObject({ imported: 0, committed: false, invalidRows: 2 });
    expect(refused.threaded.invalid.map((issue) => [issue.row, issue.column, issue.code])).toEqual([
      [12, 'type', 'invalid_choice'],
      [2502, 'type', 'invalid_choice'],
    ]);
    expect(written(refused.threadedStore)).toEqual([]);

    const valid = await bothWays(file, { kind: 'crises', skipInvalid: true });
    expect(valid.threaded).toEqual(valid.inline);
    expect(valid.threaded).toMatchObject({ imported: 2_998, committed: true });
    expect(written(valid.threadedStore)).toEqual(written(valid.inlineStore));
  });

  test('a workbook reads the same on the thread; a file that cannot be read fails with the same clear error', async () => {
    const rows = [HEADER.split(','), ['Niš', '2024-03-01 10:00', '2024-03-01 12:00', 'hostage', 'Medijana', 'released', 'Ana', 'x', '']];
    const sheets = await bothWays(Buffer.from(workbook([{ name: 'Krize', rows }])), { kind: 'crises' });
    expect(sheets.threaded).toEqual(sheets.inline);
    expect(sheets.threaded).toMatchObject({ imported: 1, sheet: 'Krize' });

    const { store } = await newTestStore();
    const missing = Buffer.from('team,type\nNiš,hostage\n');
    const failure = (options: ImportOptions): unknown => {
      try {
        importSpreadsheet(store, missing, options);
      } catch (error) {
        return error;
      }
      return null;
    };
    const inline = failure({ kind: 'crises' });
    const threaded = failure({ kind: 'crises', readerThread: IMPORT_READER_FILE });
    expect(threaded).toBeInstanceOf(CasebookError);
    expect(threaded).toMatchObject({ code: 'IMPORT_INVALID', message: (inline as CasebookError).message, issues: (inline as CasebookError).issues });
    expect(written(store)).toEqual([]);
  });

  test('Cancel on the writer’s side stops the reading thread and writes nothing; the file then imports whole', async () => {
    const { store } = await newTestStore();
    let asked = 0;
    expect(() =>
      importSpreadsheet(store, crisesCsv(20_000), { kind: 'crises', batchRows: 2_000, readerThread: IMPORT_READER_FILE, shouldStop: () => ++asked > 20 }),
    ).toThrow(expect.objectContaining({ code: 'IMPORT_CANCELLED' }));
    expect(written(store)).toEqual([]);
    // The same file then imports whole.
    expect(importSpreadsheet(store, crisesCsv(20_000), { kind: 'crises', readerThread: IMPORT_READER_FILE })).toMatchObject({ imported: 20_000 });
  });
});

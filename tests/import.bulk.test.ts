// The import's bulk path (services/import/bulkWriter.ts, migrations/0005): the row-by-row insert
// triggers stand aside, and the import must leave the full-text index, the aggregates, the
// references and the audit trail exactly as the services would have.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createCrisis, listCrises } from '../src/main/services/crises';
import { createHotlineCall, listHotlineCalls } from '../src/main/services/hotline';
import { type ImportProgress, importSpreadsheet } from '../src/main/services/import';
import { listAuditEntries, verifyAuditChain } from '../src/main/services/audit';
import { statisticsSummary } from '../src/main/services/statistics';
import type { Store } from '../src/main/store';
import { expectAggregatesToMatch } from './support/aggregates';
import { IMPORT_READER_FILE, newTestStore } from './support/tempStore';

const HEADER = 'team,started_at,ended_at,type,municipality,outcome,lead_negotiator,notes,reference';

function crisesFile(lines: string[]): Buffer {
  return Buffer.from(`${[HEADER, ...lines].join('\n')}\n`, 'utf8');
}

/** n crises over 2023 and 2024 in all five teams, each with a lead negotiator and a searchable note. */
function manyCrises(n: number): Buffer {
  const teams = ['Beograd', 'Novi Sad', 'Niš', 'Kragujevac', 'Kraljevo'];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    // Not in time order, as a spreadsheet sorted by team would be.
    const day = new Date(Date.UTC(2023, 0, 1) + ((i * 7) % n) * 17 * 3_600_000).toISOString().slice(0, 10);
    const outcome = ['surrender', 'talked_down', 'tactical', ''][i % 4];
    const ended = outcome === '' ? '' : `${day} 23:00`;
    lines.push(`${teams[i % 5]},${day} 20:00,${ended},${['hostage', 'barricade', 'suicide_attempt'][i % 3]},Opština ${i % 7},${outcome},Pregovarač ${i % 6},"beleška ${i} balkon${i % 10 === 0 ? ' kiša' : ''}",`);
  }
  return crisesFile(lines);
}

function ftsIntegrity(store: Store, table: 'crises_fts' | 'hotline_fts'): void {
  // FTS5 compares its index with the content table and fails on any difference.
  store.connection.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
}

describe('bulk import', () => {
  test('leaves the full-text index and the aggregates as the row-by-row triggers would', async () => {
    const { store } = await newTestStore();
    createCrisis(store, { teamSlug: 'nis', startedAt: '2023-02-01T10:00:00Z', type: 'hostage', notes: 'pre import' });
    const result = importSpreadsheet(store, manyCrises(600), { kind: 'crises' });
    expect(result).toMatchObject({ imported: 600, invalid: [], committed: true });
    ftsIntegrity(store, 'crises_fts');
    expectAggregatesToMatch(store);
    expect(listCrises(store, { filter: { text: 'kiša' } }).total).toBe(60);
    expect(statisticsSummary(store).crises.total).toBe(601);
  });

  test("commits without copying the WAL into the file: the checkpointer worker does that after, and everything reads back", async () => {
    const { store, path } = await newTestStore();
    const fileBefore = statSync(path).size;
    expect(store.backgroundCheckpointer).toBeNull();
    expect(importSpreadsheet(store, manyCrises(600), { kind: 'crises' })).toMatchObject({ imported: 600, committed: true });
    const worker = store.backgroundCheckpointer;
    expect(worker?.usable).toBe(true);
    expect(store.connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await worker?.settled();
    expect(worker?.checkpoints).toBeGreaterThan(0);
    expect(statSync(path).size).toBeGreaterThan(fileBefore);
    expect(store.connection.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(listCrises(store, { filter: { text: 'kiša' } }).total).toBe(60);
  });

  test('tells its progress as it reads, at most once per percent, with batches written between, then once before the last batch', async () => {
    const { store } = await newTestStore();
    const file = manyCrises(2_900);
    const told: ImportProgress[] = [];
    const writtenWhenTold: number[] = [];
    const count = store.connection.prepare('SELECT count(*) FROM crises').pluck();
    const result = importSpreadsheet(store, file, {
      kind: 'crises',
      batchRows: 500,
      onProgress: (progress) => {
        told.push(progress);
        writtenWhenTold.push(count.get() as number);
      },
    });
    expect(result).toMatchObject({ imported: 2_900, committed: true });
    const reading = told.filter((progress) => progress.phase === 'reading');
    expect(reading.length).toBeGreaterThan(50);
    expect(reading.length).toBeLessThanOrEqual(101);
    for (let i = 1; i < reading.length; i++) {
      expect(reading[i]!.fileRead).toBeGreaterThanOrEqual(reading[i - 1]!.fileRead + 0.01 - 1e-9);
      expect(reading[i]!.rowsRead).toBeGreaterThan(reading[i - 1]!.rowsRead);
    }
    expect(reading.at(-1)!.fileRead).toBeGreaterThan(0.98);
    expect(told.at(-1)).toEqual({ phase: 'finishing', rowsRead: 2_900, fileRead: 1 });
    expect(told.filter((progress) => progress.phase === 'finishing')).toHaveLength(1);
    // Rows are written while the file is read: the progress is the work's, not only the parser's.
    expect(writtenWhenTold[Math.floor(writtenWhenTold.length / 2)]).toBeGreaterThanOrEqual(1_000);
    expect(writtenWhenTold.at(-1)).toBe(2_500);
  });

  test('is recorded as one audit entry with a digest of exactly the rows it wrote; the chain verifies', async () => {
    const { store } = await newTestStore('Jelena');
    const before = listAuditEntries(store, { limit: 500 }).length;
    const file = manyCrises(50);
    importSpreadsheet(store, file, { kind: 'crises' });
    const added = listAuditEntries(store, { limit: 500 }).slice(0, -before || undefined);
    // Members created for the lead negotiators are audited one by one, as the services write them.
    expect(added.filter((entry) => entry.recordKind === 'member').map((entry) => entry.action)).toEqual(Array(30).fill('insert'));
    expect(added.filter((entry) => entry.recordKind === 'crisis' || entry.recordKind === 'deployment')).toHaveLength(1);
    const [entry] = added.filter((e) => e.action === 'import');
    expect(entry).toMatchObject({ actor: 'Jelena', recordKind: 'crisis' });
    const details = JSON.parse(entry?.details ?? '{}') as Record<string, unknown>;
    const rows = store.connection
      .prepare('SELECT json_array(row_id, id, reference, import_key) FROM crises ORDER BY row_id')
      .pluck()
      .all() as string[];
    const digestOf = (lines: string[]) => {
      const hash = createHash('sha256');
      for (const line of lines) hash.update(line).update('\n');
      return hash.digest('hex');
    };
    const deployments = store.connection
      .prepare('SELECT json_array(d.crisis_id, d.member_id, d.role) FROM crisis_deployments AS d JOIN crises AS c ON c.id = d.crisis_id ORDER BY c.row_id')
      .pluck()
      .all() as string[];
    expect(details).toMatchObject({
      kind: 'crises',
      records: 50,
      deployments: 50,
      membersCreated: 30,
      recordsSha256: digestOf(rows),
      deploymentsSha256: digestOf(deployments),
      fileSha256: createHash('sha256').update(file).digest('hex'),
    });
    expect(verifyAuditChain(store).ok).toBe(true);
  });

  test('the triggers are back for the next write: a crisis made after an import is indexed, counted and audited', async () => {
    const { store } = await newTestStore();
    importSpreadsheet(store, manyCrises(20), { kind: 'crises' });
    const made = createCrisis(store, { teamSlug: 'kraljevo', startedAt: '2024-06-01T10:00:00Z', type: 'other', notes: 'posle uvoza' });
    expect(listCrises(store, { filter: { text: 'uvoza' } }).items.map((item) => item.id)).toEqual([made.id]);
    expect(listAuditEntries(store, { limit: 5 }).some((entry) => entry.recordId === made.id && entry.action === 'insert')).toBe(true);
    expectAggregatesToMatch(store);
  });

  test('a bulk write that throws leaves the triggers on', async () => {
    const { store } = await newTestStore();
    expect(() => store.transaction(() => store.bulkWrite(() => { throw new Error('midway'); }))).toThrow('midway');
    expect(() => store.bulkWrite(() => 1)).toThrow('inside a transaction');
    const made = createCrisis(store, { teamSlug: 'nis', startedAt: '2024-06-01T10:00:00Z', type: 'other', notes: 'okidači' });
    expect(listCrises(store, { filter: { text: 'okidači' } }).items.map((item) => item.id)).toEqual([made.id]);
  });

  test('the bulk-aware triggers and foreign keys are as before after an import, written, refused or rolled back', async () => {
    const { store } = await newTestStore();
    const triggers = () => store.connection.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const before = triggers();
    const foreignKeys = () => store.connection.pragma('foreign_keys', { simple: true });
    importSpreadsheet(store, manyCrises(30), { kind: 'crises' });
    expect(triggers()).toEqual(before);
    expect(foreignKeys()).toBe(1);
    // A row the store refuses rolls the bulk attempt back; the row-by-row one names it.
    store.connection.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.crises WHEN NEW.municipality = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused_by_test'); END");
    const told: ImportProgress['phase'][] = [];
    const refused = importSpreadsheet(store, crisesFile(['Niš,2024-02-01 10:00,,other,Refused,,,,', 'Niš,2024-02-02 10:00,,other,kept,,,,']), {
      kind: 'crises',
      skipInvalid: true,
      onProgress: (progress) => told.push(progress.phase),
    });
    expect(refused).toMatchObject({ imported: 1, invalidRows: 1, committed: true });
    // The progress says the file is read again, instead of starting over unexplained.
    expect(told).toEqual(['reading', 'reading', 'finishing', 'retrying', 'reading', 'reading', 'finishing']);
    expect(triggers()).toEqual(before);
    expect(foreignKeys()).toBe(1);
    // A bad row rolls the whole file back.
    const rolledBack = importSpreadsheet(store, crisesFile(['Niš,2024-02-03 10:00,,other,x,,,,', 'Nowhere,2024-02-04 10:00,,other,y,,,,']), { kind: 'crises' });
    expect(rolledBack.committed).toBe(false);
    expect(triggers()).toEqual(before);
    expect(foreignKeys()).toBe(1);
    ftsIntegrity(store, 'crises_fts');
    expectAggregatesToMatch(store);
    expect(verifyAuditChain(store).ok).toBe(true);
  });

  test('with SQLite\'s foreign keys off for the bulk attempt, a team missing from the store is still refused and named', async () => {
    const { store } = await newTestStore();
    // No team can be missing through the app; a store edited behind its back can lose one.
    store.connection.prepare("DELETE FROM teams WHERE slug = 'kraljevo'").run();
    const result = importSpreadsheet(store, crisesFile(['Niš,2024-02-01 10:00,,other,one,,,,', 'Kraljevo,2024-02-02 10:00,,other,two,,,,']), { kind: 'crises', skipInvalid: true });
    expect(result).toMatchObject({ imported: 1, invalidRows: 1, committed: true });
    expect(result.invalid[0]?.row).toBe(3);
    expect(store.connection.pragma('foreign_key_check')).toEqual([]);
    expect(store.connection.prepare('SELECT municipality FROM crises').pluck().all()).toEqual(['one']);
  });

  test("inside a caller's transaction the import writes row by row and leaves the caller's work alone", async () => {
    const { store } = await newTestStore();
    store.connection.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.crises WHEN NEW.municipality = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused_by_test'); END");
    store.transaction(() => {
      createCrisis(store, { teamSlug: 'nis', startedAt: '2024-01-05T10:00:00Z', type: 'other', municipality: 'caller' });
      const result = importSpreadsheet(store, crisesFile(['Niš,2024-02-01 10:00,,other,Refused,,,,', 'Niš,2024-02-02 10:00,,other,kept,,,,']), { kind: 'crises', skipInvalid: true });
      expect(result).toMatchObject({ imported: 1, invalidRows: 1 });
    });
    expect(store.connection.prepare('SELECT municipality FROM crises ORDER BY municipality').pluck().all()).toEqual(['caller', 'kept']);
    expectAggregatesToMatch(store);
  });

  test('numbers references after the highest in the store or claimed by the file, per team and year, in file order', async () => {
    const { store } = await newTestStore();
    for (let i = 0; i < 3; i++) createCrisis(store, { teamSlug: 'belgrade', startedAt: `2024-01-0${i + 1}T10:00:00Z`, type: 'other' });
    const result = importSpreadsheet(
      store,
      crisesFile([
        'Beograd,2024-02-01 10:00,,other,first,,,,',
        'Beograd,2024-02-02 10:00,,other,claims ten,,,,BG-2024-10',
        'Beograd,2024-02-03 10:00,,other,second,,,,',
        'Niš,2024-02-04 10:00,,other,nis,,,,',
        'Beograd,2023-12-31 10:00,,other,last year,,,,',
      ]),
      { kind: 'crises' },
    );
    expect(result).toMatchObject({ imported: 5, invalid: [] });
    const byNote = new Map(listCrises(store, { limit: 50 }).items.map((item) => [item.municipality, item.reference]));
    expect(Object.fromEntries(byNote)).toMatchObject({
      first: 'BG-2024-011',
      'claims ten': 'BG-2024-010',
      second: 'BG-2024-012',
      nis: 'NI-2024-001',
      'last year': 'BG-2023-001',
    });
    // The next crisis made in the app follows on.
    expect(createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-03-01T10:00:00Z', type: 'other' }).reference).toBe('BG-2024-013');
  });

  test('a row the store refuses is skipped without leaving a gap in the numbers after it', async () => {
    const { store } = await newTestStore();
    store.connection.exec(
      "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.crises WHEN NEW.municipality = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused_by_test'); END",
    );
    const result = importSpreadsheet(
      store,
      crisesFile([
        'Beograd,2024-02-01 10:00,,other,one,,,,',
        'Beograd,2024-02-02 10:00,,other,Refused,,,,',
        'Beograd,2024-02-03 10:00,,other,three,,,,',
      ]),
      { kind: 'crises', skipInvalid: true },
    );
    expect(result).toMatchObject({ imported: 2, invalidRows: 1, committed: true });
    expect(listCrises(store, { sort: { field: 'reference', direction: 'asc' } }).items.map((item) => [item.municipality, item.reference])).toEqual([
      ['one', 'BG-2024-001'],
      ['three', 'BG-2024-002'],
    ]);
    ftsIntegrity(store, 'crises_fts');
    expectAggregatesToMatch(store);
  });

  test('hotline calls: numbered per year, indexed and counted', async () => {
    const { store } = await newTestStore();
    createHotlineCall(store, { receivedAt: '2024-01-01T08:00:00Z', caller: 'A', threat: 'threat', urgency: 'high', action: 'referred' });
    const file = Buffer.from(
      [
        'received_at,caller,outlet,threat,urgency,municipality,action,notes,reference',
        '2024-02-01 08:00,Novinarka,Portal,threat,high,Zemun,referred,pretnja telefonom,',
        '2024-02-02 08:00,Novinar,List,physical_attack,immediate,Niš,police_dispatched,napad ispred redakcije,SOS-2024-7',
        '2024-02-03 08:00,Urednik,TV,surveillance,normal,Novi Sad,advice_given,praćenje,',
      ].join('\n'),
      'utf8',
    );
    expect(importSpreadsheet(store, file, { kind: 'hotline' })).toMatchObject({ imported: 3, invalid: [] });
    ftsIntegrity(store, 'hotline_fts');
    expect(listHotlineCalls(store, { sort: { field: 'reference', direction: 'asc' } }).items.map((call) => call.reference)).toEqual([
      'SOS-2024-0001',
      'SOS-2024-0007',
      'SOS-2024-0008',
      'SOS-2024-0009',
    ]);
    expect(listHotlineCalls(store, { filter: { text: 'redakcije' } }).total).toBe(1);
    expectAggregatesToMatch(store);
  });

  test('CRLF, lone CR and LF line ends in one file: every row read, and bad rows named by their physical line', async () => {
    const { store } = await newTestStore();
    const file = Buffer.from(
      `\ufeff${HEADER}\r\nBeograd,2024-02-01 10:00,,other,CRLF,,,"two\r\nlines",\rNiš,2024-02-02 10:00,,other,CR,,,,\nAtlantis,2024-02-03 10:00,,other,LF,,,,\n`,
      'utf8',
    );
    const result = importSpreadsheet(store, file, { kind: 'crises', skipInvalid: true });
    expect(result).toMatchObject({ rowsRead: 3, imported: 2 });
    expect(result.invalid.map((issue) => [issue.row, issue.column])).toEqual([[5, 'team']]);
    const notes = store.connection.prepare("SELECT notes FROM crises WHERE municipality = 'CRLF'").pluck().get();
    expect(notes).toBe('two\nlines');
  });

  test('written in batches, a file gives the same references, counts and members as in one batch', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const team = ['Beograd', 'Niš'][i % 2];
      const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
      // A claim near the end that rows without a reference, written in earlier batches, must skip.
      const reference = i === 56 ? 'BG-2024-40' : i === 57 ? 'NI-2024-45' : '';
      const municipality = i === 33 ? 'Refused' : `place ${i}`;
      lines.push(`${team},${day} 10:00,,other,${municipality},,Pregovarač ${i % 3},note ${i},${reference}`);
    }
    lines.push(lines[5] ?? ''); // a repeat, in a later batch
    const file = crisesFile(lines);
    const imported = [];
    for (const batchRows of [7, 1_000]) {
      const { store } = await newTestStore();
      createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-01-01T10:00:00Z', type: 'other', municipality: 'before' });
      store.connection.exec(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.crises WHEN NEW.municipality = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused_by_test'); END",
      );
      const result = importSpreadsheet(store, file, { kind: 'crises', skipInvalid: true, batchRows });
      ftsIntegrity(store, 'crises_fts');
      expectAggregatesToMatch(store);
      expect(verifyAuditChain(store).ok).toBe(true);
      const rows = store.connection.prepare('SELECT municipality, reference FROM crises ORDER BY municipality').all();
      const members = store.connection.prepare('SELECT team_slug, name FROM members ORDER BY 1, 2').all();
      const deployments = store.connection.prepare('SELECT count(*) FROM crisis_deployments').pluck().get();
      imported.push({ result: { ...result, warnings: result.warnings.length }, rows, members, deployments });
    }
    const [batched, whole] = imported;
    expect(batched).toEqual(whole);
    expect(whole?.result).toMatchObject({ imported: 59, alreadyPresent: 1, invalidRows: 1, membersCreated: 6, committed: true });
    const references = new Map((whole?.rows as { municipality: string; reference: string }[]).map((row) => [row.municipality, row.reference]));
    expect(references.get('place 56')).toBe('BG-2024-040');
    expect(references.get('place 57')).toBe('NI-2024-045');
    expect(references.get('place 0')).toBe('BG-2024-041'); // after the store's 001 and the file's claim of 040
    expect(references.get('place 1')).toBe('NI-2024-046');
  });

  test('values every row of a chunk shares are staged once; chunks that share different columns store the same rows', async () => {
    // Rows two by two alike in some columns and not in others, so chunks of 2 differ in shape.
    const lines = [
      'Beograd,2024-01-05 10:00,2024-01-05 12:00,hostage,Vračar,surrender,Pregovarač 1,isto,',
      'Beograd,2024-01-06 10:00,2024-01-06 12:00,hostage,Vračar,surrender,Pregovarač 1,isto,',
      'Niš,2024-02-05 10:00,,barricade,Medijana,,Pregovarač 2,prva,',
      'Beograd,2024-02-06 10:00,,barricade,Palilula,,,druga,',
      'Niš,2024-03-05 10:00,2024-03-05 11:00,other,Medijana,tactical,,isto,NI-2024-9',
      'Niš,2024-03-06 10:00,2024-03-06 11:00,other,Medijana,talked_down,Pregovarač 2,isto,',
      'Kraljevo,2024-04-01 10:00,,suicide_attempt,,,,,',
    ];
    const stored = [];
    for (const batchRows of [2, 1_000]) {
      const { store } = await newTestStore();
      expect(importSpreadsheet(store, crisesFile(lines), { kind: 'crises', batchRows })).toMatchObject({ imported: 7, invalid: [], committed: true });
      stored.push(
        store.connection
          .prepare('SELECT * FROM crises ORDER BY reference')
          .all()
          .map((row) => {
            const { id: _id, row_id: _rowId, created_at: _created, updated_at: _updated, ...values } = row as Record<string, unknown>;
            return values;
          }),
      );
    }
    expect(stored[0]).toEqual(stored[1]);
    expect(stored[1]?.map((row) => [row['reference'], row['municipality'], row['outcome'], row['notes']])).toEqual([
      ['BG-2024-001', 'Vračar', 'surrender', 'isto'],
      ['BG-2024-002', 'Vračar', 'surrender', 'isto'],
      ['BG-2024-003', 'Palilula', null, 'druga'],
      ['KV-2024-001', '', null, ''],
      ['NI-2024-009', 'Medijana', 'tactical', 'isto'],
      ['NI-2024-010', 'Medijana', null, 'prva'],
      ['NI-2024-011', 'Medijana', 'talked_down', 'isto'],
    ]);
  });

  test('rows already in the store leave their batch, and the rest are numbered and ordered as if they had never been in the file', async () => {
    const line = (team: string, day: string, notes: string, reference = '') => `${team},2024-${day} 10:00,,other,,,,${notes},${reference}`;
    const earlier = [line('Beograd', '03-01', 'earlier a'), line('Niš', '01-15', 'earlier b'), line('Beograd', '02-10', 'earlier c', 'BG-2024-7')];
    const fresh = [line('Beograd', '05-02', 'new a'), line('Beograd', '01-20', 'new b'), line('Niš', '04-04', 'new c'), line('Beograd', '03-03', 'new d')];
    // The later file has the earlier rows among the new ones, and a claimed reference already taken by other content.
    const mixed = [earlier[0], fresh[0], fresh[1], earlier[1], line('Beograd', '06-06', 'other content', 'BG-2024-7'), fresh[2], fresh[3]] as string[];
    const outcomes = [];
    for (const [second, batchRows] of [[fresh, 1_000], [mixed, 1_000], [mixed, 3]] as const) {
      const { store } = await newTestStore();
      importSpreadsheet(store, crisesFile(earlier), { kind: 'crises' });
      const result = importSpreadsheet(store, crisesFile([...second]), { kind: 'crises', batchRows });
      expect(result).toMatchObject({ imported: 4, alreadyPresent: second === fresh ? 0 : 3, committed: true });
      ftsIntegrity(store, 'crises_fts');
      expectAggregatesToMatch(store);
      outcomes.push(store.connection.prepare("SELECT row_id, reference, notes FROM crises WHERE notes LIKE 'new %' ORDER BY row_id").all());
    }
    const [clean, mixedInOneBatch, mixedInBatchesOfThree] = outcomes;
    expect(mixedInOneBatch).toEqual(clean);
    // In one batch the new rows take consecutive row ids in time order, and the numbers after the store's (BG 7 claimed, 8).
    expect(clean).toEqual([
      { row_id: 4, reference: 'BG-2024-010', notes: 'new b' },
      { row_id: 5, reference: 'BG-2024-011', notes: 'new d' },
      { row_id: 6, reference: 'NI-2024-002', notes: 'new c' },
      { row_id: 7, reference: 'BG-2024-009', notes: 'new a' },
    ]);
    // Batches of three number the same rows the same, in the file's order.
    expect((mixedInBatchesOfThree as { reference: string; notes: string }[]).map(({ reference, notes }) => [notes, reference]).sort()).toEqual(
      (clean as { reference: string; notes: string }[]).map(({ reference, notes }) => [notes, reference]).sort(),
    );
  });

  test("the caller's bytes are left as they were, unless handed over", async () => {
    const { store } = await newTestStore();
    const file = Buffer.from(`${HEADER}\r\nBeograd,2024-02-01 10:00,,other,Vračar,,,"a\r\nb",\r\n`, 'utf8');
    const before = Buffer.from(file);
    expect(importSpreadsheet(store, file, { kind: 'crises' })).toMatchObject({ imported: 1 });
    expect(file.equals(before)).toBe(true);
    // Handed over, the same rows are read the same way (and found already imported).
    expect(importSpreadsheet(store, file, { kind: 'crises', handOverContent: true })).toMatchObject({ imported: 0, alreadyPresent: 1 });
  });

  test('the audit entry names the file by the hash of its bytes as given, even when they are handed over and rewritten', async () => {
    const file = Buffer.from(`${HEADER}\r\nBeograd,2024-02-01 10:00,,other,Vračar,,,"a\r\nb",\r\n`, 'utf8');
    const given = createHash('sha256').update(file).digest('hex');
    // Inside a caller's transaction the import goes row by row at once, reading the bytes in place.
    for (const [options, inTransaction] of [[{}, false], [{ handOverContent: true }, true], [{ readerThread: IMPORT_READER_FILE }, false]] as const) {
      const { store } = await newTestStore();
      const importing = () => importSpreadsheet(store, Buffer.from(file), { kind: 'crises', ...options });
      expect(inTransaction ? store.transaction(importing) : importing()).toMatchObject({ imported: 1 });
      const [entry] = listAuditEntries(store, { limit: 50 }).filter((e) => e.action === 'import');
      expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ fileSha256: given });
    }
  });
});

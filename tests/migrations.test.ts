// Migrations: applied in order, each in a transaction, checksummed; a filled store survives them.
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { describe, expect, test } from 'vitest';
import { CasebookError } from '@shared/errors';
import { MIGRATIONS, LATEST_SCHEMA_VERSION, migrate, openStore, parseMigrations } from '../src/main/store';
import { createCrisis, listCrises } from '../src/main/services/crises';
import { appendLogEntry } from '../src/main/services/crisisLog';
import { createHotlineCall } from '../src/main/services/hotline';
import { createMember } from '../src/main/services/members';
import { saveDebrief } from '../src/main/services/debriefs';
import { TEST_PASSPHRASE, newTestStore, storeAtSchemaVersion, track } from './support/tempStore';

function filesOf(migrations: readonly { version: number; name: string; sql: string }[]): Record<string, string> {
  return Object.fromEntries(
    migrations.map((m) => [`/migrations/${String(m.version).padStart(4, '0')}_${m.name}.sql`, m.sql]),
  );
}

function tableContents(db: SqliteDatabase.Database): Record<string, unknown[]> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name != 'schema_migrations' ORDER BY name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()]));
}

function fill(store: Parameters<typeof createCrisis>[0]): void {
  const member = createMember(store, { teamSlug: 'nis', name: 'Jelena Ilić', callSign: 'Sova', role: 'negotiator' });
  const crisis = createCrisis(store, {
    teamSlug: 'nis',
    startedAt: '2023-06-01T22:15:00+02:00',
    type: 'hostage',
    hostages: 2,
    municipality: 'Medijana',
    deployments: [{ memberId: member.id, role: 'lead_negotiator' }],
  });
  appendLogEntry(store, { crisisId: crisis.id, kind: 'release', at: '2023-06-01T23:00:00+02:00', releasedCount: 1 });
  createHotlineCall(store, {
    receivedAt: '2023-06-02T10:00:00+02:00',
    caller: 'N. N.',
    threat: 'online_harassment',
    urgency: 'normal',
    action: 'referred',
  });
}

describe('migrations', () => {
  test('the bundled migrations are numbered from 1 without gaps, and a new store has them all', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    const { store } = await newTestStore();
    const applied = store.connection.prepare('SELECT version, checksum FROM schema_migrations').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, checksum: m.checksum })));
    expect(store.connection.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  test('badly named or gapped migration files are refused', () => {
    expect(() => parseMigrations({ '/m/0001_a.sql': '', '/m/0003_c.sql': '' })).toThrow(/without gaps/);
    expect(() => parseMigrations({ '/m/1-a.sql': '' })).toThrow(/0001_name/);
  });

  test('a filled store migrates to a new version with every row kept', async () => {
    const { store } = await newTestStore();
    fill(store);
    const before = tableContents(store.connection);
    for (const table of ['teams', 'members', 'crises', 'crisis_deployments', 'crisis_log', 'hotline_calls']) {
      expect(before[table]?.length, table).toBeGreaterThan(0);
    }

    const next = parseMigrations({
      ...filesOf(MIGRATIONS),
      [`/migrations/${String(LATEST_SCHEMA_VERSION + 1).padStart(4, '0')}_add_weather.sql`]:
        "ALTER TABLE crises ADD COLUMN weather TEXT NOT NULL DEFAULT 'unknown';",
    });
    expect(migrate(store.connection, next)).toEqual([LATEST_SCHEMA_VERSION + 1]);

    const after = tableContents(store.connection);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) {
      const stripped = (after[table] as Record<string, unknown>[]).map(({ weather: _weather, ...rest }) => rest);
      expect(stripped, table).toEqual(before[table]);
    }
    expect((after['crises'] as { weather: string }[]).every((row) => row.weather === 'unknown')).toBe(true);
    // Full-text search still finds the migrated rows.
    expect(store.connection.prepare("SELECT count(*) AS n FROM crises_fts WHERE crises_fts MATCH 'Medijana'").get()).toEqual({ n: 1 });
  });

  test('migration 0007 indexes the crises of a filled store with their team', () => {
    const store = storeAtSchemaVersion(6);
    for (const [teamSlug, notes] of [['nis', 'most na Nišavi'], ['belgrade', 'most kod Ade'], ['nis', 'stan u Pantelej']] as const) {
      createCrisis(store, { teamSlug, startedAt: '2023-06-01T20:00:00Z', type: 'suicide_attempt', notes });
    }
    expect(migrate(store.connection, MIGRATIONS.slice(0, 7))).toEqual([7]);
    // FTS5 checks its index against the crises table, every column included.
    const checkFullTextIndex = () => store.connection.prepare("INSERT INTO crises_fts (crises_fts, rank) VALUES ('integrity-check', 1)").run();
    checkFullTextIndex();
    expect(listCrises(store, { filter: { text: 'most', teamSlug: 'nis' } }).items.map((c) => c.reference)).toEqual(['NI-2023-001']);
    expect(listCrises(store, { filter: { text: 'most' } }).total).toBe(2);
    // The triggers keep the new column: a crisis added after the migration is found in its team.
    createCrisis(store, { teamSlug: 'belgrade', startedAt: '2023-07-01T20:00:00Z', type: 'suicide_attempt', notes: 'most Gazela' });
    expect(listCrises(store, { filter: { text: 'most', teamSlug: 'belgrade' } }).total).toBe(2);
    checkFullTextIndex();
  });

  test('migration 0010 keeps every export recorded, still append-only, and accepts Excel workbooks', async () => {
    const store = storeAtSchemaVersion(9);
    const record = (format: string, id: string) =>
      store.connection
        .prepare("INSERT INTO export_audit (id, kind, format, parameters, file_name, byte_length, sha256, actor, created_at) VALUES (?, 'summary', ?, '{}', ?, 10, ?, 'Test Officer', ?)")
        .run(id, format, `summary.${format}`, 'a'.repeat(64), `2024-0${id}-01T00:00:00.000Z`);
    record('csv', '1');
    record('pdf', '2');
    expect(() => record('xlsx', '3')).toThrow(/CHECK constraint failed/);
    const before = tableContents(store.connection)['export_audit'];
    expect(migrate(store.connection, MIGRATIONS.slice(0, 10))).toEqual([10]);
    expect(tableContents(store.connection)['export_audit']).toEqual(before);
    record('xlsx', '3');
    expect(() => store.connection.prepare("UPDATE export_audit SET actor = 'someone else'").run()).toThrow(/export_audit_append_only/);
    expect(() => store.connection.prepare('DELETE FROM export_audit').run()).toThrow(/export_audit_append_only/);
    expect(store.connection.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'export_audit' AND type = 'index' AND name NOT LIKE 'sqlite_%'").all()).toEqual([{ name: 'export_audit_by_time' }]);
  });

  test('migration 0011 keeps every crisis, and the lists read the slimmer start indexes in the same order', async () => {
    const store = storeAtSchemaVersion(10);
    fill(store);
    for (const teamSlug of ['belgrade', 'nis', 'kraljevo'] as const) createCrisis(store, { teamSlug, startedAt: '2024-02-01T09:00:00Z', type: 'barricade' });
    const order = () => listCrises(store, { sort: { field: 'startedAt', direction: 'desc' } }).items.map((crisis) => crisis.reference);
    const before = { rows: tableContents(store.connection), order: order() };
    expect(migrate(store.connection, MIGRATIONS.slice(0, 11))).toEqual([11]);
    expect({ rows: tableContents(store.connection), order: order() }).toEqual(before);
    const definitions = store.connection
      .prepare("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'crises' AND name LIKE 'crises_by_%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    expect(definitions.map((index) => index.name)).toEqual(['crises_by_day', 'crises_by_start', 'crises_by_team_start']);
    for (const { sql } of definitions) expect(sql).not.toMatch(/\bid\b/);
    expect(store.connection.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  test('migration 0012 rebuilds crises and hotline calls with every row, index, trigger and reference kept, and the same CHECKs', async () => {
    const store = storeAtSchemaVersion(11);
    fill(store);
    const [crisis] = listCrises(store, {}).items;
    saveDebrief(store, { crisisId: crisis?.id ?? '', version: 0, whatWorked: 'mirno', whatDidNotWork: '', lessons: 'ranije' });
    const { connection } = store;
    const schema = () =>
      connection
        .prepare("SELECT type, name, tbl_name AS tableName FROM sqlite_master WHERE tbl_name IN ('crises', 'hotline_calls') ORDER BY type, name")
        .all();
    const before = { rows: tableContents(connection), schema: schema(), crisisAudit: connection.prepare("SELECT count(*) FROM audit_log WHERE record_kind = 'crisis'").pluck().get() as number };
    for (const table of ['crisis_deployments', 'crisis_log', 'crisis_debriefs', 'hotline_calls']) expect(before.rows[table]?.length, table).toBeGreaterThan(0);

    expect(migrate(connection, MIGRATIONS.slice(0, 12))).toEqual([12]);
    // Nothing cascaded into the deployments, log entries and debriefs, and the row ids are kept.
    expect(tableContents(connection)).toEqual(before.rows);
    expect(schema()).toEqual(before.schema);
    expect(connection.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(connection.pragma('foreign_key_check')).toEqual([]);
    expect(connection.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const index of ['crises_fts', 'hotline_fts']) connection.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run();
    const tables = connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('crises', 'hotline_calls')").pluck().all() as string[];
    for (const sql of tables) expect(sql).not.toMatch(/ IN \(/);

    // The same values are refused as before, by the same constraints.
    expect(() => connection.prepare("UPDATE crises SET type = 'riot'").run()).toThrow(/CHECK constraint failed: type = 'hostage' OR/);
    expect(() => connection.prepare("UPDATE crises SET outcome = 'fled', ended_at = started_at").run()).toThrow(/CHECK constraint failed/);
    expect(() => connection.prepare("UPDATE hotline_calls SET urgency = 'urgent'").run()).toThrow(/CHECK constraint failed/);
    connection.prepare("UPDATE crises SET outcome = 'talked_down', ended_at = started_at").run();
    // A parent's foreign keys and its triggers work on the rebuilt table.
    expect(() => connection.prepare("INSERT INTO crisis_deployments (crisis_id, member_id, role) VALUES ('no-such-crisis', (SELECT id FROM members LIMIT 1), 'lead_negotiator')").run()).toThrow(/FOREIGN KEY/);
    createCrisis(store, { teamSlug: 'nis', startedAt: '2023-07-01T20:00:00Z', type: 'barricade', notes: 'most Gazela' });
    expect(listCrises(store, { filter: { text: 'Gazela' } }).total).toBe(1);
    expect(connection.prepare("SELECT sum(crises) FROM crisis_aggregates WHERE team_slug = 'nis'").pluck().get()).toBe(2);
    expect(connection.prepare("SELECT count(*) FROM audit_log WHERE record_kind = 'crisis'").pluck().get()).toBe(before.crisisAudit + 2);
  });

  test('a migration run with foreign keys off is refused when it would leave a broken reference, and leaves no trace', async () => {
    const store = storeAtSchemaVersion(LATEST_SCHEMA_VERSION);
    fill(store);
    const before = tableContents(store.connection);
    const orphaning = parseMigrations({
      ...filesOf(MIGRATIONS),
      [`/migrations/${String(LATEST_SCHEMA_VERSION + 1).padStart(4, '0')}_orphaning.sql`]: '-- migrate: foreign_keys = OFF\nDELETE FROM crises;',
    });
    expect(() => migrate(store.connection, orphaning)).toThrow(/would leave row \d+ of crisis_(deployments|log) without its crises/);
    expect(tableContents(store.connection)).toEqual(before);
    expect(store.connection.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(store.connection.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  test('a failing migration leaves no trace: its transaction rolls back', async () => {
    const { store } = await newTestStore();
    fill(store);
    const before = tableContents(store.connection);
    const broken = parseMigrations({
      ...filesOf(MIGRATIONS),
      [`/migrations/${String(LATEST_SCHEMA_VERSION + 1).padStart(4, '0')}_broken.sql`]:
        'CREATE TABLE half_done (x INTEGER); DELETE FROM hotline_calls; INSERT INTO no_such_table VALUES (1);',
    });
    expect(() => migrate(store.connection, broken)).toThrow(/no such table/);
    expect(tableContents(store.connection)).toEqual(before);
    expect(store.connection.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
  });

  test('an applied migration that was edited since is refused', async () => {
    const { store } = await newTestStore();
    const edited = parseMigrations({
      ...filesOf(MIGRATIONS),
      [`/migrations/0001_${MIGRATIONS[0]?.name}.sql`]: `${MIGRATIONS[0]?.sql}\n-- a quiet edit`,
    });
    const error = (() => {
      try {
        migrate(store.connection, edited);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CasebookError);
    expect((error as CasebookError).code).toBe('MIGRATION_TAMPERED');
  });

  test('a store from a newer schema version is refused with a clear error', async () => {
    const { store, path } = await newTestStore();
    store.connection.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    store.close();
    const error = await openStore({ path, passphrase: TEST_PASSPHRASE }).then(
      (opened) => {
        track(opened);
        return null;
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CasebookError);
    expect((error as CasebookError).code).toBe('STORE_FROM_FUTURE');
    expect((error as CasebookError).message).toMatch(/newer version/);
  });
});

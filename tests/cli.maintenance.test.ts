// verifyStore: what it reports for a sound store and for each kind of damage it looks for.
import { describe, expect, test } from 'vitest';
import { createCrisis } from '../src/main/services/crises';
import { verifyStore } from '../src/main/services/maintenance';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/main/store';
import { newTestStore } from './support/tempStore';

const crisis = {
  teamSlug: 'belgrade' as const,
  startedAt: '2024-03-05T14:30:00+01:00',
  type: 'hostage' as const,
  municipality: 'Vračar',
  notes: 'Pregovori telefonom',
};

describe('verifyStore', () => {
  test('a sound store: integrity ok, every migration recorded with the checksum this app carries', async () => {
    const { store } = await newTestStore();
    createCrisis(store, crisis);
    const report = verifyStore(store);
    expect(report).toEqual({
      ok: true,
      integrity: ['ok'],
      problems: [],
      schemaVersion: LATEST_SCHEMA_VERSION,
      migrations: MIGRATIONS.map(({ version, name, checksum }) => ({ version, name, checksum })),
    });
  });

  test('a migration changed after it was applied', async () => {
    const { store } = await newTestStore();
    store.connection.prepare("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1").run();
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^migrations: Migration 0001_initial was changed after it was applied/)]);
  });

  test('a row pointing at nothing', async () => {
    const { store } = await newTestStore();
    const { id } = createCrisis(store, crisis);
    store.connection.pragma('foreign_keys = OFF');
    // Inside a store transaction, so its audit entry is sealed and only the dangling row is wrong.
    store.transaction(() =>
      store.connection.prepare("INSERT INTO crisis_deployments (crisis_id, member_id, role) VALUES (?, 'nobody', 'coach')").run(id),
    );
    store.connection.pragma('foreign_keys = ON');
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(['foreign_key_check: a row of crisis_deployments (rowid 1) points to a missing members']);
  });

  test('a full-text index out of step with its table', async () => {
    const { store } = await newTestStore();
    const { reference } = createCrisis(store, crisis);
    const rowId = (store.connection.prepare('SELECT row_id FROM crises').get() as { row_id: number }).row_id;
    // Remove the row's terms from the index while the row stays: search would no longer find it.
    store.connection
      .prepare("INSERT INTO crises_fts (crises_fts, rowid, reference, municipality, location_note, notes) VALUES ('delete', ?, ?, ?, '', ?)")
      .run(rowId, reference, crisis.municipality, crisis.notes);
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^crises_fts: /)]);
  });
});

describe('verifyStore and the audit trail', () => {
  test('an audit entry edited behind the app is a problem verify names', async () => {
    const { store } = await newTestStore();
    createCrisis(store, crisis);
    expect(verifyStore(store).problems).toEqual([]);
    store.connection.exec('DROP TRIGGER audit_log_append_only');
    store.connection.prepare("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 1").run();
    const report = verifyStore(store);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.stringMatching(/^audit trail: Entry 1 was changed/)]);
  });
});

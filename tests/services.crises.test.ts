// Crises and their negotiation log: every rule, in the service and in the table's constraints.
import { describe, expect, test } from 'vitest';
import type { CrisisInput, CrisisListQuery } from '@shared/domain';
import { closeCrisis, createCrisis, getCrisis, listCrises, updateCrisis } from '../src/main/services/crises';
import { appendLogEntry, editLogEntry, listLog, removeLogEntry } from '../src/main/services/crisisLog';
import { createMember, listMembers, updateMember } from '../src/main/services/members';
import { listTeams } from '../src/main/services/teams';
import type { Store } from '../src/main/store';
import { expectCasebookError } from './support/expectError';
import { newTestStore } from './support/tempStore';

/** Every crisis's reference, read a page at a time by following each page's cursor. */
function referencesPageByPage(store: Store, sort: NonNullable<CrisisListQuery['sort']>, limit: number): string[] {
  const seen: string[] = [];
  let after: string | null = null;
  do {
    const page = listCrises(store, { sort, limit, after });
    seen.push(...page.items.map((item) => item.reference));
    after = page.nextCursor;
  } while (after);
  return seen;
}

const hostageCrisis: CrisisInput = {
  teamSlug: 'belgrade',
  startedAt: '2024-03-10T14:00:00+01:00',
  type: 'hostage',
  municipality: 'Zemun',
  hostages: 3,
  notes: 'Talac u menjačnici',
};

function rowCount(store: Store, table: 'crises' | 'crisis_log' | 'crisis_deployments'): number {
  return store.first(store.qb.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? -1;
}

describe('teams and members', () => {
  test('the five regional teams are seeded', async () => {
    const { store } = await newTestStore();
    expect(listTeams(store).map((team) => [team.slug, team.name, team.code])).toEqual([
      ['belgrade', 'Beograd', 'BG'],
      ['novi-sad', 'Novi Sad', 'NS'],
      ['nis', 'Niš', 'NI'],
      ['kragujevac', 'Kragujevac', 'KG'],
      ['kraljevo', 'Kraljevo', 'KV'],
    ]);
  });

  test('members are created, counted per team, updated with their version and deactivated', async () => {
    const { store } = await newTestStore();
    const ana = createMember(store, { teamSlug: 'kraljevo', name: 'Ana Jović', callSign: 'Kobra', role: 'team_leader' });
    createMember(store, { teamSlug: 'kraljevo', name: 'Petar Lukić', role: 'log_keeper' });
    expect(listTeams(store).find((t) => t.slug === 'kraljevo')?.activeMembers).toBe(2);
    const updated = updateMember(store, ana.id, ana.version, { ...ana, active: false });
    expect(updated.version).toBe(ana.version + 1);
    expect(listMembers(store, { teamSlug: 'kraljevo' }).map((m) => m.name)).toEqual(['Petar Lukić']);
    expect(listMembers(store, { teamSlug: 'kraljevo', includeInactive: true })).toHaveLength(2);
    expectCasebookError(() => updateMember(store, ana.id, ana.version, { ...ana, name: 'Stale' }), 'VERSION_CONFLICT');
  });
});

describe('crises', () => {
  test('a crisis gets a UUIDv7, a reference per team and year, and who made it', async () => {
    const { store } = await newTestStore('Milan');
    const first = createCrisis(store, hostageCrisis);
    const second = createCrisis(store, { ...hostageCrisis, startedAt: '2024-12-31T23:30:00+01:00' });
    const otherTeam = createCrisis(store, { ...hostageCrisis, teamSlug: 'novi-sad' });
    // 00:30 on 1 January in Serbia is still 2024 in UTC; the reference follows Serbia's calendar.
    const newYear = createCrisis(store, { ...hostageCrisis, startedAt: '2024-12-31T23:30:00Z' });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([first.reference, second.reference, otherTeam.reference, newYear.reference]).toEqual([
      'BG-2024-001',
      'BG-2024-002',
      'NS-2024-001',
      'BG-2025-001',
    ]);
    expect(first).toMatchObject({ createdBy: 'Milan', updatedBy: 'Milan', version: 1, status: 'open', resolved: false });
    expect(first.startedAt).toBe('2024-03-10T13:00:00.000Z');
  });

  test('rules are enforced by the service, with the field named, and nothing is written', async () => {
    const { store } = await newTestStore();
    const released = expectCasebookError(() => createCrisis(store, { ...hostageCrisis, hostagesReleased: 4 }), 'VALIDATION');
    expect(released.issues?.map((i) => [i.path, i.message])).toEqual([['hostagesReleased', 'released_exceeds_hostages']]);
    const ended = expectCasebookError(
      () => createCrisis(store, { ...hostageCrisis, endedAt: '2024-03-10T12:59:00Z', outcome: 'surrender' }),
      'VALIDATION',
    );
    expect(ended.issues?.map((i) => i.path)).toEqual(['endedAt']);
    expect(expectCasebookError(() => createCrisis(store, { ...hostageCrisis, hostages: -1 }), 'VALIDATION').issues?.[0]?.path).toBe(
      'hostages',
    );
    expect(
      expectCasebookError(() => createCrisis(store, { ...hostageCrisis, endedAt: '2024-03-10T16:00:00Z' }), 'VALIDATION').issues?.[0]?.path,
    ).toBe('outcome');
    expect(rowCount(store, 'crises')).toBe(0);
  });

  test('the table refuses rule-breaking rows even if the service were bypassed', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, hostageCrisis);
    const raw = (sql: string) => () => store.connection.prepare(sql).run(crisis.id);
    expect(raw('UPDATE crises SET hostages_released = 9 WHERE id = ?')).toThrow(/CHECK/);
    expect(raw('UPDATE crises SET suicides_prevented = -1 WHERE id = ?')).toThrow(/CHECK/);
    expect(raw("UPDATE crises SET ended_at = '2000-01-01T00:00:00.000Z', outcome = 'other' WHERE id = ?")).toThrow(/CHECK/);
    expect(raw("UPDATE crises SET type = 'picnic' WHERE id = ?")).toThrow(/CHECK/);
    expect(getCrisis(store, crisis.id)).toEqual(crisis);
  });

  test('update keeps the version honest and re-checks rules on the merged record', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, hostageCrisis);
    const edited = updateCrisis(store, { id: crisis.id, version: 1, crisis: { ...hostageCrisis, locationType: 'business', notes: 'Dopuna' } });
    expect(edited).toMatchObject({ version: 2, locationType: 'business', notes: 'Dopuna', reference: crisis.reference });
    expectCasebookError(() => updateCrisis(store, { id: crisis.id, version: 1, crisis: hostageCrisis }), 'VERSION_CONFLICT');
    expectCasebookError(() => updateCrisis(store, { id: crisis.id, version: 2, crisis: { ...hostageCrisis, teamSlug: 'nis' } }), 'VALIDATION');
    expect(getCrisis(store, crisis.id).version).toBe(2);
  });

  test('deployments name members with their role in this crisis', async () => {
    const { store } = await newTestStore();
    const lead = createMember(store, { teamSlug: 'belgrade', name: 'Vesna Đorđević', callSign: 'Lira', role: 'negotiator' });
    const coach = createMember(store, { teamSlug: 'belgrade', name: 'Bojan Kostić', role: 'coach' });
    const crisis = createCrisis(store, {
      ...hostageCrisis,
      deployments: [
        { memberId: lead.id, role: 'lead_negotiator' },
        { memberId: coach.id, role: 'coach' },
      ],
    });
    expect(crisis.deployments).toEqual([
      { memberId: coach.id, role: 'coach', name: 'Bojan Kostić', callSign: '' },
      { memberId: lead.id, role: 'lead_negotiator', name: 'Vesna Đorđević', callSign: 'Lira' },
    ]);
    expectCasebookError(
      () => createCrisis(store, { ...hostageCrisis, deployments: [{ memberId: '01890000-0000-7000-8000-000000000000', role: 'coach' }] }),
      'VALIDATION',
    );
    expect(rowCount(store, 'crises')).toBe(1);
  });

  test('closing needs an outcome and an end after the start; a resolved outcome counts as resolved', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, hostageCrisis);
    expectCasebookError(
      () => closeCrisis(store, { id: crisis.id, version: 1, endedAt: '2024-03-10T12:00:00Z', outcome: 'released' }),
      'RULE_VIOLATION',
    );
    const closed = closeCrisis(store, { id: crisis.id, version: 1, endedAt: '2024-03-10T18:00:00+01:00', outcome: 'released' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'released', resolved: true, version: 2 });
    expectCasebookError(
      () => closeCrisis(store, { id: crisis.id, version: 2, endedAt: '2024-03-10T19:00:00Z', outcome: 'other' }),
      'CRISIS_CLOSED',
    );
    const tactical = createCrisis(store, { ...hostageCrisis, endedAt: '2024-03-11T00:00:00Z', outcome: 'tactical' });
    expect(tactical.resolved).toBe(false);
  });
});

describe('negotiation log', () => {
  test('releases in the log are what hostagesReleased adds up to', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, hostageCrisis);
    appendLogEntry(store, { crisisId: crisis.id, kind: 'contact_established', at: '2024-03-10T14:05:00+01:00' });
    const two = appendLogEntry(store, { crisisId: crisis.id, kind: 'release', at: '2024-03-10T15:00:00+01:00', releasedCount: 2 });
    expect(getCrisis(store, crisis.id)).toMatchObject({ hostagesReleased: 2, releasesFromLog: true });
    appendLogEntry(store, { crisisId: crisis.id, kind: 'release', at: '2024-03-10T16:00:00+01:00', releasedCount: 1 });
    expect(getCrisis(store, crisis.id).hostagesReleased).toBe(3);

    const tooMany = expectCasebookError(
      () => appendLogEntry(store, { crisisId: crisis.id, kind: 'release', at: '2024-03-10T16:30:00+01:00', releasedCount: 1 }),
      'RULE_VIOLATION',
    );
    expect(tooMany.issues?.[0]?.path).toBe('releasedCount');
    expect(listLog(store, crisis.id)).toHaveLength(3);

    editLogEntry(store, { id: two.id, at: two.at, text: 'Pustio dve žene', releasedCount: 1 });
    expect(getCrisis(store, crisis.id).hostagesReleased).toBe(2);
    removeLogEntry(store, two.id);
    expect(getCrisis(store, crisis.id).hostagesReleased).toBe(1);

    const current = getCrisis(store, crisis.id);
    expectCasebookError(
      () => updateCrisis(store, { id: crisis.id, version: current.version, crisis: { ...hostageCrisis, hostagesReleased: 3 } }),
      'RULE_VIOLATION',
    );
  });

  test('entries are listed in time order; a release needs a count and only a release has one', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, hostageCrisis);
    appendLogEntry(store, { crisisId: crisis.id, kind: 'demand', at: '2024-03-10T15:00:00+01:00', text: 'Traži auto' });
    appendLogEntry(store, { crisisId: crisis.id, kind: 'contact_established', at: '2024-03-10T14:10:00+01:00' });
    expect(listLog(store, crisis.id).map((e) => e.kind)).toEqual(['contact_established', 'demand']);
    expectCasebookError(() => appendLogEntry(store, { crisisId: crisis.id, kind: 'release', at: '2024-03-10T15:00:00Z' }), 'VALIDATION');
    expectCasebookError(
      () => appendLogEntry(store, { crisisId: crisis.id, kind: 'note', at: '2024-03-10T15:00:00Z', releasedCount: 2 }),
      'VALIDATION',
    );
    expectCasebookError(
      () => appendLogEntry(store, { crisisId: '01890000-0000-7000-8000-000000000000', kind: 'note', at: '2024-03-10T15:00:00Z' }),
      'NOT_FOUND',
    );
  });

  test('once the crisis is closed the log is append-only, in the service and in the database', async () => {
    const { store } = await newTestStore();
    const crisis = createCrisis(store, hostageCrisis);
    const entry = appendLogEntry(store, { crisisId: crisis.id, kind: 'note', at: '2024-03-10T14:30:00+01:00', text: 'Prvi kontakt' });
    closeCrisis(store, { id: crisis.id, version: 1, endedAt: '2024-03-10T20:00:00+01:00', outcome: 'surrender' });
    expectCasebookError(() => editLogEntry(store, { id: entry.id, at: entry.at, text: 'Izmenjeno', releasedCount: 0 }), 'CRISIS_CLOSED');
    expectCasebookError(() => removeLogEntry(store, entry.id), 'CRISIS_CLOSED');
    expect(() => store.connection.prepare("UPDATE crisis_log SET text = 'x' WHERE id = ?").run(entry.id)).toThrow(/crisis_closed/);
    expect(() => store.connection.prepare('DELETE FROM crisis_log WHERE id = ?').run(entry.id)).toThrow(/crisis_closed/);
    appendLogEntry(store, { crisisId: crisis.id, kind: 'note', at: '2024-03-10T21:00:00+01:00', text: 'Naknadna beleška' });
    expect(listLog(store, crisis.id).map((e) => e.text)).toEqual(['Prvi kontakt', 'Naknadna beleška']);
  });
});

describe('lists', () => {
  async function seeded() {
    const { store } = await newTestStore();
    const made = [
      createCrisis(store, { teamSlug: 'belgrade', startedAt: '2022-01-05T10:00:00Z', type: 'hostage', hostages: 1, municipality: 'Zemun', notes: 'pljačka menjačnice' }),
      createCrisis(store, { teamSlug: 'nis', startedAt: '2023-07-01T10:00:00Z', type: 'suicide_attempt', municipality: 'Palilula', notes: 'Most na Nišavi', endedAt: '2023-07-01T12:00:00Z', outcome: 'talked_down', suicidesPrevented: 1 }),
      createCrisis(store, { teamSlug: 'nis', startedAt: '2024-02-01T10:00:00Z', type: 'barricade', municipality: 'Pantelej', notes: 'Zabarikadiran u kući' }),
      createCrisis(store, { teamSlug: 'kraljevo', startedAt: '2024-05-01T10:00:00Z', type: 'kidnapping', municipality: 'Ribnica', notes: 'otmica deteta', endedAt: '2024-05-02T10:00:00Z', outcome: 'tactical' }),
    ];
    return { store, made };
  }

  test('filters by team, type, outcome, status, dates and text', async () => {
    const { store } = await seeded();
    const refs = (filter: Parameters<typeof listCrises>[1]) => listCrises(store, filter).items.map((c) => c.reference).sort();
    expect(refs({ filter: { teamSlug: 'nis' } })).toEqual(['NI-2023-001', 'NI-2024-001']);
    expect(refs({ filter: { type: 'kidnapping' } })).toEqual(['KV-2024-001']);
    expect(refs({ filter: { outcome: 'talked_down' } })).toEqual(['NI-2023-001']);
    expect(refs({ filter: { status: 'open' } })).toEqual(['BG-2022-001', 'NI-2024-001']);
    expect(refs({ filter: { from: '2023-01-01', to: '2024-02-01' } })).toEqual(['NI-2023-001', 'NI-2024-001']);
    // Full-text search ignores diacritics and matches word prefixes.
    expect(refs({ filter: { text: 'nisavi' } })).toEqual(['NI-2023-001']);
    expect(refs({ filter: { text: 'zabarikad' } })).toEqual(['NI-2024-001']);
    expect(refs({ filter: { text: 'menjacnice' } })).toEqual(['BG-2022-001']);
    expect(refs({ filter: { text: '"); DROP TABLE crises; --' } })).toEqual([]);
    expect(listCrises(store, { filter: { teamSlug: 'nis' } }).total).toBe(2);
  });

  test('a search within a team finds that team’s matches only, and a team’s name is not a searchable word', async () => {
    const { store } = await seeded();
    createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-06-01T10:00:00Z', type: 'hostage', hostages: 1, notes: 'Most kod Ade' });
    const search = (filter: Parameters<typeof listCrises>[1]) => {
      const page = listCrises(store, filter);
      return { refs: page.items.map((c) => c.reference).sort(), total: page.total };
    };
    expect(search({ filter: { text: 'most' } })).toEqual({ refs: ['BG-2024-001', 'NI-2023-001'], total: 2 });
    expect(search({ filter: { text: 'most', teamSlug: 'nis' } })).toEqual({ refs: ['NI-2023-001'], total: 1 });
    expect(search({ filter: { text: 'most', teamSlug: 'belgrade' } })).toEqual({ refs: ['BG-2024-001'], total: 1 });
    expect(search({ filter: { text: 'most', teamSlug: 'kraljevo' } })).toEqual({ refs: [], total: 0 });
    expect(search({ filter: { text: 'most', teamSlug: 'nis', status: 'closed' } })).toEqual({ refs: ['NI-2023-001'], total: 1 });
    // "nis" is the Niš team's slug; only the crisis whose notes say "Nišavi" has it as a word.
    expect(search({ filter: { text: 'nis' } })).toEqual({ refs: ['NI-2023-001'], total: 1 });
    expect(search({ filter: { text: 'belgrade' } })).toEqual({ refs: [], total: 0 });
  });

  test('keyset pages walk every row exactly once, in every sort', async () => {
    const { store } = await seeded();
    for (const field of ['startedAt', 'reference', 'type', 'outcome', 'teamSlug'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const seen = referencesPageByPage(store, { field, direction }, 1);
        expect(seen.sort(), `${field} ${direction}`).toEqual(['BG-2022-001', 'KV-2024-001', 'NI-2023-001', 'NI-2024-001']);
      }
    }
    const newestFirst = listCrises(store, { sort: { field: 'startedAt', direction: 'desc' } }).items.map((c) => c.reference);
    expect(newestFirst).toEqual(['KV-2024-001', 'NI-2024-001', 'NI-2023-001', 'BG-2022-001']);
    expectCasebookError(() => listCrises(store, { after: 'not-a-cursor' }), 'VALIDATION');
  });

  test('crises that started at the same moment are paged in the order they were written, each once', async () => {
    const { store } = await newTestStore();
    const teams = ['nis', 'belgrade', 'kraljevo', 'nis', 'novi-sad', 'kragujevac', 'belgrade'] as const;
    const written = teams.map((teamSlug) => createCrisis(store, { teamSlug, startedAt: '2024-05-01T08:00:00Z', type: 'barricade' }).reference);
    for (const field of ['startedAt', 'type'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const seen = referencesPageByPage(store, { field, direction }, 2);
        expect(seen, `${field} ${direction}`).toEqual(direction === 'asc' ? written : [...written].reverse());
      }
    }
    // A cursor breaks ties by the row id; one that carries another list's id is refused.
    const hotlineLike = Buffer.from(JSON.stringify(['2024-05-01T08:00:00.000Z', '0190a3c2-0000-7000-8000-000000000000'])).toString('base64url');
    expectCasebookError(() => listCrises(store, { after: hotlineLike }), 'VALIDATION');
  });
});

// The running totals of migration 0003 against a full recount, after a random mix of every kind
// of write: creates, edits, closes, log releases, raw deletes and moves, and spreadsheet imports.
// And statistics and list totals read from them against the same figures counted from the rows.
import { describe, expect, test } from 'vitest';
import type { CrisisFilter, CrisisOutcome, CrisisType, StatsFilter, TeamSlug } from '@shared/domain';
import { TEAMS } from '@shared/domain';
import { Random } from '../bench/random';
import {
  closeCrisis,
  countCrises,
  createCrisis,
  getCrisis,
  listCrises,
  splitPeriod,
  splitWholeYears,
  updateCrisis,
  whereCrisisFilter,
} from '../src/main/services/crises';
import { appendLogEntry, editLogEntry, listLog, removeLogEntry } from '../src/main/services/crisisLog';
import { createHotlineCall, getHotlineCall, updateHotlineCall } from '../src/main/services/hotline';
import { createMember } from '../src/main/services/members';
import { importSpreadsheet } from '../src/main/services/import';
import {
  crisisGroupsFromRows,
  hotlineGroupsFromRows,
  statisticsSummary,
  summarise,
} from '../src/main/services/statistics';
import { MIGRATIONS, type Store, migrate } from '../src/main/store';
import { expectAggregatesToMatch, storedCallAggregates, storedCrisisAggregates, storedYears } from './support/aggregates';
import { newTestStore, storeAtSchemaVersion } from './support/tempStore';

const TYPES: CrisisType[] = ['hostage', 'barricade', 'suicide_attempt', 'kidnapping', 'other'];
const OUTCOMES: CrisisOutcome[] = ['surrender', 'talked_down', 'released', 'tactical', 'suicide', 'escaped', 'other'];
const THREATS = ['physical_attack', 'threat', 'online_harassment', 'surveillance', 'legal_pressure', 'other'] as const;
const URGENCIES = ['immediate', 'high', 'normal'] as const;
const ACTIONS = ['police_dispatched', 'prosecutor_notified', 'referred', 'advice_given', 'other'] as const;

/** Instants within 2022–2024, many near month ends and midnight, where UTC and Serbian days differ. */
function instant(random: Random): string {
  const year = random.int(2022, 2024);
  const month = random.int(1, 12);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = random.chance(0.4) ? random.pick([1, lastDay]) : random.int(1, lastDay);
  const hour = random.chance(0.4) ? random.pick([0, 22, 23]) : random.int(0, 23);
  return new Date(Date.UTC(year, month - 1, day, hour, random.int(0, 59))).toISOString();
}

function later(at: string, hours: number): string {
  return new Date(Date.parse(at) + hours * 3_600_000).toISOString();
}

function crisesCsvRows(random: Random, rows: number): string {
  const lines = ['team,started_at,ended_at,type,municipality,hostages,hostages_released,suicides_prevented,outcome,lead_negotiator,notes'];
  for (let i = 0; i < rows; i++) {
    const startedAt = instant(random);
    const closed = random.chance(0.7);
    const type = random.pick(TYPES);
    const hostages = type === 'hostage' ? random.int(1, 4) : 0;
    lines.push(
      [
        random.pick(TEAMS).name,
        startedAt,
        closed ? later(startedAt, 3) : '',
        type,
        'Zemun',
        hostages,
        random.int(0, hostages),
        type === 'suicide_attempt' ? random.int(0, 1) : 0,
        closed ? random.pick(OUTCOMES) : '',
        random.chance(0.5) ? 'Jelena Ilić' : '',
        `uvezeno ${i}`,
      ].join(','),
    );
  }
  return lines.join('\n');
}

function hotlineCsvRows(random: Random, rows: number): string {
  const lines = ['received_at,caller,outlet,threat,urgency,municipality,action,notes'];
  for (let i = 0; i < rows; i++) {
    lines.push([instant(random), `Pozivalac ${i}`, 'Radio Morava', random.pick(THREATS), random.pick(URGENCIES), 'Niš', random.pick(ACTIONS), ''].join(','));
  }
  return lines.join('\n');
}

/** A random mix of every write the app and its tools make. */
function randomWrites(store: Store, random: Random, steps: number): void {
  const openCrises: string[] = [];
  const allCrises: string[] = [];
  const calls: string[] = [];
  for (let step = 0; step < steps; step++) {
    const roll = random.next();
    if (roll < 0.3 || allCrises.length < 3) {
      const type = random.pick(TYPES);
      const startedAt = instant(random);
      const closed = random.chance(0.5);
      const hostages = type === 'hostage' || type === 'kidnapping' ? random.int(1, 5) : 0;
      const crisis = createCrisis(store, {
        teamSlug: random.pick(TEAMS).slug as TeamSlug,
        startedAt,
        type,
        hostages,
        hostagesReleased: random.int(0, hostages),
        suicidesPrevented: type === 'suicide_attempt' ? random.int(0, 1) : 0,
        endedAt: closed ? later(startedAt, 2) : null,
        outcome: closed ? random.pick(OUTCOMES) : null,
      });
      allCrises.push(crisis.id);
      if (!closed) openCrises.push(crisis.id);
    } else if (roll < 0.42) {
      // An edit: another start (maybe another month or year), type and counts.
      const id = random.pick(allCrises);
      const current = getCrisis(store, id);
      const startedAt = instant(random);
      const hostages = current.releasesFromLog ? current.hostages : random.int(0, 5);
      try {
        updateCrisis(store, {
          id,
          version: current.version,
          crisis: {
            ...current,
            startedAt,
            endedAt: current.endedAt ? later(startedAt, 1) : null,
            type: random.pick(TYPES),
            hostages,
            hostagesReleased: current.releasesFromLog ? current.hostagesReleased : random.int(0, hostages),
            suicidesPrevented: random.int(0, 1),
            outcome: current.endedAt ? random.pick(OUTCOMES) : null,
            deployments: [],
          },
        });
      } catch {
        // A release count the log fixes, say: refused, and nothing changes.
      }
    } else if (roll < 0.5 && openCrises.length > 0) {
      const id = openCrises.splice(random.int(0, openCrises.length - 1), 1)[0] as string;
      const current = getCrisis(store, id);
      closeCrisis(store, { id, version: current.version, endedAt: later(current.startedAt, 5), outcome: random.pick(OUTCOMES) });
    } else if (roll < 0.62 && openCrises.length > 0) {
      // Releases in the log of a running crisis move hostages_released.
      const id = random.pick(openCrises);
      const current = getCrisis(store, id);
      const log = listLog(store, id).filter((entry) => entry.kind === 'release');
      const released = log.reduce((sum, entry) => sum + entry.releasedCount, 0);
      if (log.length > 0 && random.chance(0.3)) {
        const entry = random.pick(log);
        if (random.chance(0.5)) removeLogEntry(store, entry.id);
        else editLogEntry(store, { id: entry.id, at: entry.at, text: 'ispravka', releasedCount: 1 });
      } else if (current.hostages > released) {
        appendLogEntry(store, { crisisId: id, kind: 'release', at: later(current.startedAt, 1), releasedCount: 1 });
      }
    } else if (roll < 0.68) {
      // Raw SQL, as a repair script might: a delete, or a crisis moved to another team.
      const id = random.pick(allCrises);
      if (random.chance(0.5)) {
        store.connection.prepare('DELETE FROM crisis_log WHERE crisis_id = ? AND (SELECT ended_at FROM crises WHERE id = ?) IS NULL').run(id, id);
        const deleted = store.connection.prepare('DELETE FROM crises WHERE id = ? AND NOT EXISTS (SELECT 1 FROM crisis_log WHERE crisis_id = ?)').run(id, id);
        if (deleted.changes > 0) {
          allCrises.splice(allCrises.indexOf(id), 1);
          if (openCrises.includes(id)) openCrises.splice(openCrises.indexOf(id), 1);
        }
      } else {
        store.connection
          .prepare("UPDATE crises SET team_slug = ?, reference = 'MOVED-' || row_id, reference_seq = 100000 + row_id WHERE id = ?")
          .run(random.pick(TEAMS).slug, id);
      }
    } else if (roll < 0.8 || calls.length < 2) {
      const call = createHotlineCall(store, {
        receivedAt: instant(random),
        caller: 'N. N.',
        threat: random.pick(THREATS),
        urgency: random.pick(URGENCIES),
        action: random.pick(ACTIONS),
      });
      calls.push(call.id);
    } else if (roll < 0.88) {
      const id = random.pick(calls);
      const current = getHotlineCall(store, id);
      updateHotlineCall(store, {
        id,
        version: current.version,
        call: { ...current, receivedAt: instant(random), threat: random.pick(THREATS), urgency: random.pick(URGENCIES), action: random.pick(ACTIONS) },
      });
    } else if (roll < 0.92) {
      const id = random.pick(calls);
      store.connection.prepare('DELETE FROM hotline_calls WHERE id = ?').run(id);
      calls.splice(calls.indexOf(id), 1);
    } else if (roll < 0.96) {
      const result = importSpreadsheet(store, crisesCsvRows(random, random.int(1, 6)), { kind: 'crises' });
      expect(result.committed).toBe(true);
    } else {
      const result = importSpreadsheet(store, hotlineCsvRows(random, random.int(1, 6)), { kind: 'hotline' });
      expect(result.committed).toBe(true);
    }
  }
}

function randomDay(random: Random): string {
  return instant(random).slice(0, 10);
}

function randomStatsFilter(random: Random): StatsFilter {
  const filter: StatsFilter = {};
  if (random.chance(0.4)) filter.teamSlug = random.pick(TEAMS).slug as TeamSlug;
  const shape = random.int(0, 5);
  if (shape === 1 || shape === 3) filter.from = randomDay(random);
  if (shape === 2 || shape === 3) filter.to = randomDay(random);
  if (shape === 4) {
    // Whole months, or whole years: read from the aggregates alone.
    const year = random.int(2022, 2024);
    filter.from = `${year}-${String(random.int(1, 6)).padStart(2, '0')}-01`;
    filter.to = random.chance(0.5) ? `${year}-12-31` : `${year}-09-30`;
  }
  if (shape === 5) {
    const day = randomDay(random);
    filter.from = day;
    filter.to = day;
  }
  return filter;
}

describe('aggregates (migration 0003)', () => {
  test('equal a full recount after random creates, edits, closes, releases, raw deletes and imports', async () => {
    for (const seed of [1, 2, 3]) {
      const { store } = await newTestStore();
      const random = new Random(seed);
      for (let round = 0; round < 4; round++) {
        randomWrites(store, random, 60);
        expectAggregatesToMatch(store);
      }
      // Nothing left behind when everything is gone (a closed crisis's log may not be deleted otherwise).
      store.connection.exec('DROP TRIGGER crisis_log_frozen_delete; DELETE FROM crises; DELETE FROM hotline_calls;');
      expect(storedCrisisAggregates(store)).toEqual([]);
      expect(storedYears(store)).toEqual([]);
      expect(storedCallAggregates(store)).toEqual([]);
    }
  });

  test('migration 0006 counts the contributors of a store filled before it', () => {
    const store = storeAtSchemaVersion(5);
    const random = new Random(6);
    for (let i = 0; i < 120; i++) {
      const hostages = random.int(0, 3);
      const outcome = random.pick(['released', 'talked_down', 'tactical'] as const);
      createCrisis(store, {
        teamSlug: random.pick(TEAMS).slug,
        startedAt: new Date(Date.UTC(2023, random.int(0, 11), random.int(1, 28), 10)).toISOString(),
        endedAt: new Date(Date.UTC(2024, 0, 1)).toISOString(),
        type: outcome === 'talked_down' ? 'suicide_attempt' : 'hostage',
        outcome,
        hostages,
        hostagesReleased: outcome === 'released' ? hostages : 0,
        suicidesPrevented: outcome === 'talked_down' ? random.int(0, 1) : 0,
      });
    }
    expect(migrate(store.connection, MIGRATIONS.slice(0, 6))).toEqual([6]);
    expectAggregatesToMatch(store);
    expect(store.connection.prepare('SELECT sum(released_contributors) > 0 AND sum(prevented_contributors) > 0 FROM crisis_aggregates').pluck().get()).toBe(1);
  });

  test('a rolled-back write leaves the aggregates as they were', async () => {
    const { store } = await newTestStore();
    createCrisis(store, { teamSlug: 'nis', startedAt: '2024-01-31T23:30:00Z', type: 'barricade' });
    const before = storedCrisisAggregates(store);
    expect(() =>
      store.transaction(() => {
        createCrisis(store, { teamSlug: 'nis', startedAt: '2024-02-01T10:00:00Z', type: 'hostage', hostages: 2 });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(storedCrisisAggregates(store)).toEqual(before);
    // 23:30 UTC on 31 January is already 1 February in Serbia.
    expect(before).toMatchObject([{ month: '2024-02', crises: 1 }]);
  });

  test('statistics and list totals read from them equal the same figures counted from the rows', async () => {
    const { store } = await newTestStore();
    const random = new Random(42);
    randomWrites(store, random, 400);
    expectAggregatesToMatch(store);
    for (let i = 0; i < 150; i++) {
      const filter = randomStatsFilter(random);
      const fromRows = summarise(crisisGroupsFromRows(store, filter), hotlineGroupsFromRows(store, filter));
      // Identical, key order included.
      expect(JSON.stringify(statisticsSummary(store, filter)), JSON.stringify(filter)).toBe(JSON.stringify(fromRows));

      const listFilter: CrisisFilter = { ...filter };
      if (random.chance(0.3)) listFilter.type = random.pick(TYPES);
      if (random.chance(0.2)) listFilter.outcome = random.pick(OUTCOMES);
      if (random.chance(0.3)) listFilter.status = random.pick(['open', 'closed'] as const);
      const counted = store.first(whereCrisisFilter(store.qb.selectFrom('crises').select((eb) => eb.fn.countAll<number>().as('n')), listFilter));
      expect(countCrises(store, listFilter), JSON.stringify(listFilter)).toBe(counted?.n);
    }
  });

  test('createCrisis returns exactly what getCrisis reads back (it no longer reads the row again)', async () => {
    const { store } = await newTestStore();
    const members = ['Zoran B.', 'ana A.', 'Ćirilo C.', 'Zoran B.'].map((name, i) =>
      createMember(store, { teamSlug: 'nis', name, callSign: `N-${i}`, role: 'negotiator' }),
    );
    const crisis = createCrisis(store, {
      teamSlug: 'nis',
      startedAt: '2024-03-31T23:15:00+02:00',
      type: 'hostage',
      hostages: 3,
      hostagesReleased: 1,
      notes: '  Beleška  ',
      deployments: [
        { memberId: members[0]!.id, role: 'lead_negotiator' },
        { memberId: members[3]!.id, role: 'coach' },
        { memberId: members[1]!.id, role: 'secondary_negotiator' },
        { memberId: members[2]!.id, role: 'intelligence' },
        { memberId: members[0]!.id, role: 'lead_negotiator' },
      ],
    });
    expect(crisis).toEqual(getCrisis(store, crisis.id));
    const imported = createCrisis(store, { teamSlug: 'nis', startedAt: '2024-04-01T10:00:00Z', type: 'other' }, { reference: 'NI-2019-77', importKey: 'k' });
    expect(imported).toEqual(getCrisis(store, imported.id));
  });

  test('whole months split into whole years and the months around them', () => {
    expect(splitWholeYears({})).toEqual({ years: {}, months: [] });
    expect(splitWholeYears({ from: '2022-01', to: '2024-12' })).toEqual({ years: { from: '2022', to: '2024' }, months: [] });
    expect(splitWholeYears({ from: '2022-03', to: '2024-02' })).toEqual({
      years: { from: '2023', to: '2023' },
      months: [{ from: '2022-03', to: '2022-12' }, { from: '2024-01', to: '2024-02' }],
    });
    expect(splitWholeYears({ from: '2022-03', to: '2022-11' })).toEqual({ years: null, months: [{ from: '2022-03', to: '2022-11' }] });
    expect(splitWholeYears({ from: '2022-03', to: '2023-11' })).toEqual({ years: null, months: [{ from: '2022-03', to: '2023-11' }] });
    expect(splitWholeYears({ from: '2022-02' })).toEqual({ years: { from: '2023' }, months: [{ from: '2022-02', to: '2022-12' }] });
  });

  test('list pages are the same whichever way the query is driven', async () => {
    const { store } = await newTestStore();
    const random = new Random(7);
    randomWrites(store, random, 300);
    for (const field of ['startedAt', 'reference', 'type', 'outcome', 'teamSlug'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const filter: CrisisFilter = random.chance(0.5) ? { from: '2023-01-01', to: '2023-12-31' } : {};
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page = listCrises(store, { filter, sort: { field, direction }, limit: 7, after });
          seen.push(...page.items.map((item) => item.id));
          after = page.nextCursor;
        } while (after);
        const expected = store.first(whereCrisisFilter(store.qb.selectFrom('crises').select((eb) => eb.fn.countAll<number>().as('n')), filter));
        expect(new Set(seen).size, `${field} ${direction}`).toBe(expected?.n);
        expect(seen.length).toBe(expected?.n);
      }
    }
    // Both ways of applying a full-text filter find the same crises.
    for (const text of ['uvezeno', 'nema takve reči']) {
      const plain = store.all(whereCrisisFilter(store.qb.selectFrom('crises').select('crises.id'), { text }).orderBy('crises.id'));
      const probed = store.all(whereCrisisFilter(store.qb.selectFrom('crises').select('crises.id'), { text }, { probeText: true }).orderBy('crises.id'));
      expect(probed).toEqual(plain);
    }
  });

  test('a period splits into whole months and the partial months at its edges', () => {
    expect(splitPeriod()).toEqual({ months: {}, days: [], daysBefore: 0 });
    expect(splitPeriod('2024-01-01', '2024-12-31')).toEqual({ months: { from: '2024-01', to: '2024-12' }, days: [], daysBefore: 0 });
    expect(splitPeriod('2024-02-01', '2024-02-29')).toEqual({ months: { from: '2024-02', to: '2024-02' }, days: [], daysBefore: 0 });
    expect(splitPeriod('2024-01-15', '2024-03-10')).toEqual({
      months: { from: '2024-02', to: '2024-02' },
      days: [{ from: '2024-01-15', to: '2024-01-31' }, { from: '2024-03-01', to: '2024-03-10' }],
      daysBefore: 1,
    });
    expect(splitPeriod('2024-01-15', '2024-02-10')).toEqual({ months: null, days: [{ from: '2024-01-15', to: '2024-02-10' }], daysBefore: 1 });
    expect(splitPeriod('2023-12-02')).toEqual({ months: { from: '2024-01' }, days: [{ from: '2023-12-02', to: '2023-12-31' }], daysBefore: 1 });
    expect(splitPeriod(undefined, '2024-03-30')).toEqual({ months: { to: '2024-02' }, days: [{ from: '2024-03-01', to: '2024-03-30' }], daysBefore: 0 });
    expect(splitPeriod('2024-05-01', '2024-04-01')).toEqual({ months: null, days: [{ from: '2024-05-01', to: '2024-04-01' }], daysBefore: 1 });
  });
});

// Hotline calls, and the statistics checked against a small fixture counted by hand.
import { describe, expect, test } from 'vitest';
import { todayInSerbia } from '@shared/time';
import { createCrisis } from '../src/main/services/crises';
import { createHotlineCall, listHotlineCalls, updateHotlineCall } from '../src/main/services/hotline';
import { statisticsSummary } from '../src/main/services/statistics';
import { appendLogEntry } from '../src/main/services/crisisLog';
import { expectCasebookError } from './support/expectError';
import { newTestStore } from './support/tempStore';

const call = {
  receivedAt: '2023-03-01T09:15:00+01:00',
  caller: 'Jovana (pseudonim)',
  outlet: 'Nedeljnik Istok',
  threat: 'physical_attack' as const,
  urgency: 'immediate' as const,
  municipality: 'Stari grad',
  action: 'police_dispatched' as const,
};

function dayOffset(days: number): string {
  const date = new Date(`${todayInSerbia()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

describe('hotline', () => {
  test('calls get SOS references per year and keep their version', async () => {
    const { store } = await newTestStore();
    const first = createHotlineCall(store, call);
    const second = createHotlineCall(store, { ...call, receivedAt: '2023-11-01T09:00:00+01:00' });
    const next = createHotlineCall(store, { ...call, receivedAt: '2024-01-02T09:00:00+01:00' });
    expect([first.reference, second.reference, next.reference]).toEqual(['SOS-2023-0001', 'SOS-2023-0002', 'SOS-2024-0001']);
    const closed = updateHotlineCall(store, { id: first.id, version: 1, call: { ...call, status: 'closed' } });
    expect(closed).toMatchObject({ status: 'closed', version: 2 });
    expectCasebookError(() => updateHotlineCall(store, { id: first.id, version: 1, call }), 'VERSION_CONFLICT');
    const bad = expectCasebookError(() => createHotlineCall(store, { ...call, caller: '   ' }), 'VALIDATION');
    expect(bad.issues?.[0]?.path).toBe('caller');
  });

  test('follow-ups due today or overdue are found; closed calls and later ones are not', async () => {
    const { store } = await newTestStore();
    const overdue = createHotlineCall(store, { ...call, caller: 'A', followUpDue: dayOffset(-2) });
    const dueToday = createHotlineCall(store, { ...call, caller: 'B', followUpDue: dayOffset(0) });
    createHotlineCall(store, { ...call, caller: 'C', followUpDue: dayOffset(3) });
    createHotlineCall(store, { ...call, caller: 'D', followUpDue: dayOffset(-5), status: 'closed' });
    createHotlineCall(store, { ...call, caller: 'E' });
    const callers = (followUp: 'due' | 'overdue') =>
      listHotlineCalls(store, { filter: { followUp } }).items.map((c) => c.caller).sort();
    expect(callers('due')).toEqual([overdue.caller, dueToday.caller]);
    expect(callers('overdue')).toEqual([overdue.caller]);
  });

  test('search and filters', async () => {
    const { store } = await newTestStore();
    createHotlineCall(store, call);
    createHotlineCall(store, { ...call, caller: 'Dragan', outlet: 'Radio Južni talas', threat: 'surveillance', urgency: 'normal' });
    expect(listHotlineCalls(store, { filter: { text: 'juzni' } }).items.map((c) => c.caller)).toEqual(['Dragan']);
    expect(listHotlineCalls(store, { filter: { threat: 'physical_attack' } }).total).toBe(1);
    expect(listHotlineCalls(store, { filter: { urgency: 'normal' } }).items.map((c) => c.caller)).toEqual(['Dragan']);
  });
});

// More than 2,000 matches: the list walks the date index and probes the matches.
test('a common search word walks the date order and still finds every match, page by page', async () => {
  const { store } = await newTestStore();
  store.transaction(() => {
    for (let i = 0; i < 3_100; i += 1) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      createHotlineCall(store, {
        ...call,
        receivedAt: `2023-0${1 + (i % 9)}-${day}T10:${String(i % 60).padStart(2, '0')}:00+01:00`,
        notes: i % 3 === 0 ? 'uznemiravanje na mrezi' : 'pretnja telefonom',
      });
    }
  });
  const seen: string[] = [];
  let after: string | null = null;
  let first = true;
  do {
    const page = listHotlineCalls(store, { filter: { text: 'pretnja' }, limit: 500, after });
    if (first) expect(page.total).toBe(2_066);
    first = false;
    seen.push(...page.items.map((c) => c.receivedAt));
    after = page.nextCursor;
  } while (after);
  expect(seen).toHaveLength(2_066);
  expect([...seen].sort().reverse()).toEqual(seen);
  const both = listHotlineCalls(store, { filter: { text: 'pretnja', urgency: 'immediate' } });
  expect(both.total).toBe(2_066);
  expect(listHotlineCalls(store, { filter: { text: 'pretnja', urgency: 'normal' } }).total).toBe(0);
});

describe('statistics', () => {
  // Six crises, counted by hand:
  //  BG 2023 hostage     released     hostages 4, released 4 (by the log: 3 + 1)
  //  BG 2024 barricade   surrender    -
  //  BG 2024 suicide     talked_down  suicides prevented 1
  //  NI 2023 suicide     suicide      suicides prevented 0 (not resolved)
  //  NI 2024 hostage     tactical     hostages 2, released 1 (not resolved, still counted)
  //  KV 2024 kidnapping  open         hostages 1, released 0
  async function fixture() {
    const { store } = await newTestStore();
    const hostage = createCrisis(store, { teamSlug: 'belgrade', startedAt: '2023-04-01T10:00:00+02:00', type: 'hostage', hostages: 4 });
    appendLogEntry(store, { crisisId: hostage.id, kind: 'release', at: '2023-04-01T11:00:00+02:00', releasedCount: 3 });
    appendLogEntry(store, { crisisId: hostage.id, kind: 'release', at: '2023-04-01T12:00:00+02:00', releasedCount: 1 });
    const { closeCrisis } = await import('../src/main/services/crises');
    closeCrisis(store, { id: hostage.id, version: 3, endedAt: '2023-04-01T13:00:00+02:00', outcome: 'released' });
    const closed = { endedAt: '2024-12-31T22:00:00Z' };
    createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-02-01T10:00:00Z', type: 'barricade', outcome: 'surrender', ...closed });
    createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-06-01T10:00:00Z', type: 'suicide_attempt', outcome: 'talked_down', suicidesPrevented: 1, ...closed });
    createCrisis(store, { teamSlug: 'nis', startedAt: '2023-08-01T10:00:00Z', type: 'suicide_attempt', outcome: 'suicide', endedAt: '2023-08-01T12:00:00Z' });
    createCrisis(store, { teamSlug: 'nis', startedAt: '2024-03-01T10:00:00Z', type: 'hostage', hostages: 2, hostagesReleased: 1, outcome: 'tactical', ...closed });
    createCrisis(store, { teamSlug: 'kraljevo', startedAt: '2024-09-01T10:00:00Z', type: 'kidnapping', hostages: 1 });
    createHotlineCall(store, call);
    createHotlineCall(store, { ...call, receivedAt: '2023-03-20T10:00:00+01:00', threat: 'threat', urgency: 'high', action: 'advice_given' });
    createHotlineCall(store, { ...call, receivedAt: '2024-01-01T00:30:00+01:00', threat: 'threat', urgency: 'normal', action: 'referred' });
    return store;
  }

  test('totals and breakdowns match the hand count', async () => {
    const store = await fixture();
    const stats = statisticsSummary(store);
    expect(stats.crises).toEqual({ total: 6, resolved: 3, hostagesReleased: 5, suicidesPrevented: 1, livesSaved: 6 });
    expect(stats.crisesByTeam).toEqual({
      belgrade: { total: 3, resolved: 3, hostagesReleased: 4, suicidesPrevented: 1, livesSaved: 5 },
      kraljevo: { total: 1, resolved: 0, hostagesReleased: 0, suicidesPrevented: 0, livesSaved: 0 },
      nis: { total: 2, resolved: 0, hostagesReleased: 1, suicidesPrevented: 0, livesSaved: 1 },
    });
    expect(stats.crisesByYear).toEqual({
      '2023': { total: 2, resolved: 1, hostagesReleased: 4, suicidesPrevented: 0, livesSaved: 4 },
      '2024': { total: 4, resolved: 2, hostagesReleased: 1, suicidesPrevented: 1, livesSaved: 2 },
    });
    expect(stats.crisesByType['hostage']).toEqual({ total: 2, resolved: 1, hostagesReleased: 5, suicidesPrevented: 0, livesSaved: 5 });
    expect(Object.fromEntries(Object.entries(stats.crisesByOutcome).map(([k, v]) => [k, v.total]))).toEqual({
      released: 1,
      surrender: 1,
      talked_down: 1,
      suicide: 1,
      tactical: 1,
      open: 1,
    });
    // 00:30 on 1 January 2024 in Serbia is 2024, though it is still 2023 in UTC.
    expect(stats.hotline).toEqual({
      total: 3,
      byYear: { '2023': 2, '2024': 1 },
      byMonth: { '2023-03': 2, '2024-01': 1 },
      byThreat: { physical_attack: 1, threat: 2 },
      byUrgency: { immediate: 1, high: 1, normal: 1 },
      byAction: { police_dispatched: 1, advice_given: 1, referred: 1 },
    });
  });

  test('filters by team and period', async () => {
    const store = await fixture();
    expect(statisticsSummary(store, { teamSlug: 'nis' }).crises).toEqual({
      total: 2,
      resolved: 0,
      hostagesReleased: 1,
      suicidesPrevented: 0,
      livesSaved: 1,
    });
    const year2024 = statisticsSummary(store, { from: '2024-01-01', to: '2024-12-31' });
    expect(year2024.crises.total).toBe(4);
    expect(year2024.hotline.total).toBe(1);
    expect(statisticsSummary(store, { from: '2030-01-01' }).crises).toEqual({
      total: 0,
      resolved: 0,
      hostagesReleased: 0,
      suicidesPrevented: 0,
      livesSaved: 0,
    });
  });
});

// The anonymised summary: what it counts, how small counts are protected (checked by an
// independent exact solver, tests/export.verify.ts), its CSV/JSON, validation and audit.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type CrisisOutcome, type CrisisType, TEAMS, type TeamSlug } from '@shared/domain';
import type { ExportRecord, SavedFile, SummaryExport } from '@shared/exchange';
import { createDispatcher } from '../src/main/ipc';
import { createCrisis } from '../src/main/services/crises';
import { buildSummaryExport, listExports, previewSummaryExport, writeSummaryExport } from '../src/main/services/export';
import { buildCube, figureKey } from '../src/main/services/export/cube';
import { periodEnd, periodOfDay, periodStart, periodsBetween, snapToPeriods } from '../src/main/services/export/periods';
import { provideExchangeShell } from '../src/main/services/export/shell';
import { exposedFigures, linesWithSingleHidden, protect, supportOf } from '../src/main/services/export/suppression';
import { csvCell, neutraliseCsvCell, summaryCsv, summaryJson } from '../src/main/services/export/writers';
import { createHotlineCall } from '../src/main/services/hotline';
import { Session } from '../src/main/services/session';
import type { Store } from '../src/main/store';
import { expectCasebookError } from './support/expectError';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, newTestStore, tempFolder } from './support/tempStore';
import { disclosures, exposures, singleHiddenLines, smallPublishedCounts } from './export.verify';

const noPdf = () => Promise.reject(new Error('no PDF in this test'));

function addCrises(store: Store, count: number, crisis: { team: TeamSlug; day: string; type: CrisisType; outcome: CrisisOutcome | null; hostages?: number; released?: number; prevented?: number }) {
  for (let i = 0; i < count; i += 1) {
    const startedAt = `${crisis.day}T10:00:00+01:00`;
    createCrisis(store, {
      teamSlug: crisis.team,
      startedAt,
      type: crisis.type,
      hostages: crisis.hostages ?? 0,
      hostagesReleased: crisis.released ?? 0,
      suicidesPrevented: crisis.prevented ?? 0,
      outcome: crisis.outcome,
      endedAt: crisis.outcome ? `${crisis.day}T12:00:00+01:00` : null,
    });
  }
}

/** 22 crises in 2023, counted by hand. */
async function handCounted(): Promise<Store> {
  const { store } = await newTestStore();
  store.transaction(() => {
    addCrises(store, 6, { team: 'belgrade', day: '2023-03-10', type: 'hostage', outcome: 'released', hostages: 2, released: 2 });
    addCrises(store, 5, { team: 'belgrade', day: '2023-07-01', type: 'suicide_attempt', outcome: 'talked_down', prevented: 1 });
    addCrises(store, 8, { team: 'novi-sad', day: '2023-05-05', type: 'barricade', outcome: 'surrender' });
    addCrises(store, 2, { team: 'nis', day: '2023-05-06', type: 'barricade', outcome: 'surrender' });
    addCrises(store, 1, { team: 'nis', day: '2023-11-11', type: 'kidnapping', outcome: null, hostages: 1 });
  });
  return store;
}

function expectProtected(summary: SummaryExport): void {
  expect(smallPublishedCounts(summary)).toEqual([]);
  expect(singleHiddenLines(summary)).toEqual([]);
  expect(disclosures(summary)).toEqual([]);
}

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const TYPES: CrisisType[] = ['hostage', 'barricade', 'suicide_attempt', 'kidnapping', 'other'];
const OUTCOMES: (CrisisOutcome | null)[] = ['surrender', 'talked_down', 'released', 'tactical', 'suicide', null];

/** Crises and calls spread over `years` years from `firstYear` (2023–2024 unless asked). */
async function randomStore(seed: number, crises: number, calls: number, firstYear = 2023, years = 2): Promise<Store> {
  const { store } = await newTestStore();
  const random = seeded(seed);
  const pick = <T>(list: readonly T[], skew = 1) => list[Math.floor(random() ** skew * list.length)] as T;
  store.transaction(() => {
    for (let i = 0; i < crises; i += 1) {
      const month = 1 + Math.floor(random() * 12);
      const hostages = Math.floor(random() * 4);
      const outcome = pick(OUTCOMES, 1.6);
      addCrises(store, 1, {
        team: pick(TEAMS.map((team) => team.slug), 1.4),
        day: `${firstYear + Math.floor(random() * years)}-${String(month).padStart(2, '0')}-1${Math.floor(random() * 9)}`,
        type: pick(TYPES, 1.8),
        outcome,
        hostages,
        released: outcome ? Math.floor(random() * (hostages + 1)) : 0,
        prevented: random() < 0.25 ? 1 : 0,
      });
    }
    for (let i = 0; i < calls; i += 1) {
      createHotlineCall(store, {
        receivedAt: `${firstYear + Math.floor(random() * years)}-0${1 + Math.floor(random() * 9)}-15T09:00:00+01:00`,
        caller: 'N. N.',
        threat: pick(['physical_attack', 'threat', 'online_harassment', 'surveillance'] as const, 1.5),
        urgency: pick(['immediate', 'high', 'normal'] as const),
        action: pick(['police_dispatched', 'referred', 'advice_given'] as const, 1.5),
      });
    }
  });
  return store;
}

describe('the suppression engine', () => {
  // Rows r0..r3, columns c0..c3 of a 4×4 table with row and column totals and a grand total.
  function table(values: number[][]) {
    const cube = buildCube(
      [4, 4],
      [
        { name: 'cells', keep: [0, 1] },
        { name: 'rows', keep: [0] },
        { name: 'cols', keep: [1] },
        { name: 'total', keep: [] },
      ],
      [
        { parent: 'rows', child: 'cells' },
        { parent: 'cols', child: 'cells' },
        { parent: 'total', child: 'rows' },
        { parent: 'total', child: 'cols' },
      ],
    );
    const flat = values.flat();
    const figureValues = Array.from({ length: cube.structure.figureCount }, (_v, figure) => supportOf(cube.structure, figure).reduce((sum, cell) => sum + (flat[cell] ?? 0), 0));
    return { cube, figureValues };
  }
  const cell = (r: number, c: number) => r * 4 + c;

  test('one small cell: its row and column each get a second hidden cell, the smallest non-zero one', () => {
    const { cube, figureValues } = table([
      [2, 9, 12, 0],
      [7, 8, 30, 6],
      [10, 20, 6, 8],
      [0, 0, 0, 0],
    ]);
    const hidden = protect(cube.structure, figureValues, figureValues.map((v) => v >= 1 && v < 5));
    const hiddenCells = [...Array(16).keys()].filter((c) => hidden[c]);
    // (0,0)=2 is small; row 0's smallest other non-zero is (0,1)=9, column 0's is (1,0)=7, and
    // (1,1)=8 closes the rectangle. Zeros stay published.
    expect(hiddenCells).toEqual([cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1)]);
    expect(linesWithSingleHidden(cube.structure, figureValues, hidden)).toEqual([]);
    expect(exposedFigures(cube.structure, figureValues, hidden)).toEqual([]);
  });

  test('the line rule alone misses a cell two suppression cycles pin down; the exact check does not', () => {
    const { cube, figureValues } = table([
      [1, 1, 1, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
    // Every row and column holds 0 or ≥2 hidden cells, yet (0,2) is column 2 + column 3 − rows 2 and 3.
    const dumbbell = figureValues.map((value, i) => i < 16 && value === 1);
    expect(linesWithSingleHidden(cube.structure, figureValues, dumbbell)).toEqual([]);
    expect(exposedFigures(cube.structure, figureValues, dumbbell)).toEqual([cell(0, 2)]);
    const hidden = protect(cube.structure, figureValues, dumbbell);
    expect(exposedFigures(cube.structure, figureValues, hidden)).toEqual([]);
    // The independent exact solver agrees on both patterns.
    const checked = (pattern: boolean[], f: number) => ({ name: figureKey(cube, f), support: [...supportOf(cube.structure, f)], value: pattern[f] ? null : (figureValues[f] ?? 0) });
    const asFigures = (pattern: boolean[]) => ({
      detail: Array.from(cube.structure.detailFigure, (f) => checked(pattern, f)),
      aggregates: figureValues.slice(16).map((_value, i) => checked(pattern, i + 16)),
    });
    const before = asFigures(dumbbell);
    expect(exposures(before.detail, before.aggregates)).toEqual([{ name: 'cells:0.2', derived: 1 }]);
    const after = asFigures(hidden);
    expect(exposures(after.detail, after.aggregates)).toEqual([]);
  });

  test('random stores: every period, nothing small is published and nothing hidden can be worked out', async () => {
    for (const seed of [1, 2]) {
      const store = await randomStore(seed, 60 + seed * 40, 40);
      for (const period of ['year', 'quarter', 'month'] as const) {
        const summary = buildSummaryExport(store, { period, filter: { to: '2024-12-31' } });
        expectProtected(summary);
        expect(summary.crises.totals.crises, `seed ${seed} ${period}`).toBe(60 + seed * 40);
      }
      const oneTeam = buildSummaryExport(store, { period: 'quarter', k: 3, filter: { teamSlug: 'belgrade', to: '2024-12-31' } });
      expectProtected(oneTeam);
    }
  });

  test('monthly over the whole history: every month since 2004 exactly protected, and decades more accepted', async () => {
    const store = await randomStore(3, 400, 80, 2004, 23);
    // The teams' history to date, 276 months: the independent check finds nothing small published
    // and nothing hidden that can be worked out.
    const history = buildSummaryExport(store, { period: 'month', filter: { from: '2004-01-01', to: '2026-12-31' } });
    expect(history.scope.periods).toHaveLength(23 * 12);
    expect(history.crises.totals.crises).toBe(400);
    expectProtected(history);
    // Decades more: to 2060, 684 months, the same counts in the same protection.
    const decades = buildSummaryExport(store, { period: 'month', filter: { from: '2004-01-01', to: '2060-12-31' } });
    expect([decades.scope.periods.length, decades.scope.periods.at(0), decades.scope.periods.at(-1)]).toEqual([57 * 12, '2004-01', '2060-12']);
    expect(decades.crises.totals).toEqual(history.crises.totals);
    expect(decades.crises.byTeam).toEqual(history.crises.byTeam);
    expect(smallPublishedCounts(decades)).toEqual([]);
    // The bound is a century of months: past it, a clear refusal naming the filter.
    expect(() => buildSummaryExport(store, { period: 'month', filter: { from: '1950-01-01', to: '2060-12-31' } })).toThrow(
      expect.objectContaining({ code: 'VALIDATION', issues: [{ path: 'filter', message: 'range_too_long' }] }),
    );
  }, 240_000);
});

describe('the summary', () => {
  test('counts by team, period, type and outcome, with the headline totals, as counted by hand', async () => {
    const store = await handCounted();
    const summary = buildSummaryExport(store, { filter: { to: '2023-12-31' } }, { today: '2025-02-14' });
    expectProtected(summary);
    expect(summary.generatedMonth).toBe('2025-02');
    expect(summary.scope).toEqual({ teams: TEAMS.map((t) => t.slug), period: 'year', periods: ['2023'], k: 5, includesHotline: true });
    // Belgrade: 11 crises, all resolved; 12 hostages released by 6 crises, 5 suicides prevented by 5.
    expect(summary.crises.byTeam.find((row) => row.team === 'belgrade')).toEqual({
      team: 'belgrade',
      crises: 11,
      resolved: 11,
      hostagesReleased: 12,
      suicidesPrevented: 5,
      livesSaved: 17,
    });
    // Niš's 3 crises are a small count, and Novi Sad goes with them so Niš cannot be subtracted out.
    expect(summary.crises.byTeam.find((row) => row.team === 'nis')?.crises).toBeNull();
    expect(summary.crises.byTeam.find((row) => row.team === 'novi-sad')?.crises).toBeNull();
    // Teams without crises: structural zeros are published.
    expect(summary.crises.byTeam.find((row) => row.team === 'kraljevo')).toEqual({
      team: 'kraljevo',
      crises: 0,
      resolved: 0,
      hostagesReleased: 0,
      suicidesPrevented: 0,
      livesSaved: 0,
    });
    expect(summary.crises.cells.find((c) => c.team === 'nis' && c.type === 'kidnapping' && c.outcome === 'open')?.crises).toBeNull();
    expect(summary.crises.cells.find((c) => c.team === 'kraljevo' && c.type === 'hostage' && c.outcome === 'released')?.crises).toBe(0);
    // 22 crises and 21 resolved, published together, would give away Niš's one open kidnapping:
    // the exact check hides the resolved total (the cheaper of the two).
    expect(summary.crises.totals).toEqual({ crises: 22, resolved: null, hostagesReleased: 12, suicidesPrevented: 5, livesSaved: 17 });
    // With "open" = 1 hidden, the outcome totals need a second hidden outcome (talked down, 5),
    // and that hides the cells and margins it runs through: fine tables over few cases lose a lot.
    expect(summary.crises.byOutcome.map((row) => [row.outcome, row.crises])).toEqual([
      ['surrender', null],
      ['talked_down', null],
      ['released', null],
      ['tactical', 0],
      ['suicide', 0],
      ['escaped', 0],
      ['other', 0],
      ['open', null],
    ]);
    expect(summary.hotline?.totals.calls).toBe(0);
  });

  test('periods follow Serbia’s calendar, date filters widen to whole periods, and nothing finer than a month appears', async () => {
    const { store } = await newTestStore();
    // 00:30 on 1 January 2024 in Belgrade is still 2023 in UTC.
    store.transaction(() => {
      for (let i = 0; i < 5; i += 1) createCrisis(store, { teamSlug: 'kragujevac', startedAt: '2023-12-31T23:30:00Z', type: 'barricade' });
    });
    for (const [period, key] of [['year', '2024'], ['quarter', '2024-Q1'], ['month', '2024-01']] as const) {
      const summary = buildSummaryExport(store, { period, filter: { from: '2024-01-01', to: '2024-01-31' } });
      expect(summary.scope.periods).toEqual([key]);
      expect(summary.crises.byPeriod).toEqual([{ period: key, crises: 5, resolved: 0, hostagesReleased: 0, suicidesPrevented: 0, livesSaved: 0 }]);
    }
    // A filter from mid-February still covers the whole first quarter.
    const quarter = buildSummaryExport(store, { period: 'quarter', filter: { from: '2024-02-15', to: '2024-03-01' } });
    expect(quarter.crises.totals.crises).toBe(5);
    expect(snapToPeriods({ from: '2024-02-15', to: '2024-05-02' }, 'quarter')).toEqual({ from: '2024-01-01', to: '2024-06-30' });
    expect(periodsBetween('2023-11', '2024-02', 'month')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect([periodOfDay('2024-08-31', 'quarter'), periodStart('2024-Q3'), periodEnd('2024-Q3'), periodEnd('2024-02')]).toEqual([
      '2024-Q3',
      '2024-07-01',
      '2024-09-30',
      '2024-02-29',
    ]);
  });

  test('a team’s export leaves out the national hotline; an all-teams export protects it too', async () => {
    const store = await randomStore(11, 50, 60);
    const team = buildSummaryExport(store, { filter: { teamSlug: 'nis', to: '2024-12-31' } });
    expect(team.hotline).toBeNull();
    expect(team.scope.teams).toEqual(['nis']);
    const all = buildSummaryExport(store, { period: 'quarter', filter: { to: '2024-12-31' } });
    expect(all.hotline?.totals.calls).toBe(60);
    expectProtected(all);
  });

  test('parameters: k below 3 is refused, defaults are year, k = 5 and Serbian Latin', async () => {
    const { store } = await newTestStore();
    const low = expectCasebookError(() => buildSummaryExport(store, { k: 2 }), 'VALIDATION');
    expect(low.issues).toEqual([{ path: 'k', message: 'k_below_minimum' }]);
    expectCasebookError(() => buildSummaryExport(store, { filter: { from: '2024-02-01', to: '2024-01-01' } }), 'VALIDATION');
    const tooLong = expectCasebookError(() => buildSummaryExport(store, { period: 'month', filter: { from: '1900-01-01', to: '2024-01-01' } }), 'VALIDATION');
    expect(tooLong.issues).toEqual([{ path: 'filter', message: 'range_too_long' }]);
    expectCasebookError(() => buildSummaryExport(store, { period: 'week' } as never), 'VALIDATION');
    const summary = buildSummaryExport(store, { k: 3, filter: { to: '2024-06-30' } });
    expect(summary.scope.k).toBe(3);
    expect(summary.language).toBe('sr-Latn');
    expect(summary.notes.join(' ')).toMatch(/od 1 do 2 \(k = 3\)/);
    expect(buildSummaryExport(store, { language: 'sr-Cyrl', filter: { to: '2024-06-30' } }).notes[1]).toMatch(/^Примарна заштита/);
    expect(buildSummaryExport(store, { language: 'en', filter: { to: '2024-06-30' } }).scope.period).toBe('year');
  });
});

describe('writers and audit', () => {
  test('CSV cells never start a formula, and are quoted where needed', () => {
    for (const dangerous of ['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx']) {
      expect(neutraliseCsvCell(dangerous)).toBe(`'${dangerous}`);
    }
    expect(neutraliseCsvCell('plain')).toBe('plain');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('x');
    expect(csvCell(0)).toBe('0');
  });

  test('the JSON is the preview; the CSV holds the same figures; no cell starts a formula', async () => {
    const store = await handCounted();
    const params = { period: 'quarter' as const, filter: { to: '2023-12-31' } };
    const preview = previewSummaryExport(store, params);
    expect(JSON.parse(summaryJson(preview).toString('utf8'))).toEqual(preview);
    const csv = summaryCsv(preview).toString('utf8');
    expect(csv.startsWith('\uFEFFtable,team,period,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    const cells = lines.flatMap((line) => line.split(','));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(lines).toContain('crises_by_team,belgrade,,,,,,,11,11,12,5,17,,');
    const totalRows = lines.filter((line) => line.startsWith('crises_cells,')).length;
    expect(totalRows).toBe(preview.crises.cells.length);
  });

  test('every export is recorded with who, when, parameters, format and the SHA-256 of its bytes; a failed delivery records nothing', async () => {
    const store = await handCounted();
    const written = await writeSummaryExport(store, { format: 'csv', period: 'year', k: 5, filter: { teamSlug: 'belgrade', to: '2023-12-31' } }, noPdf);
    expect(written.fileName).toBe('crisis-casebook-summary_belgrade_2023.csv');
    expect(written.sha256).toBe(createHash('sha256').update(written.bytes).digest('hex'));
    await expect(
      writeSummaryExport(store, { format: 'json' }, noPdf, () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const history = listExports(store);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      kind: 'summary',
      format: 'csv',
      actor: 'Test Officer',
      sha256: written.sha256,
      byteLength: written.bytes.length,
      fileName: written.fileName,
      parameters: { filter: { teamSlug: 'belgrade', to: '2023-12-31' }, period: 'year', k: 5, language: 'sr-Latn', format: 'csv' },
    });
    expect(Date.now() - Date.parse(history[0]?.createdAt ?? '')).toBeLessThan(60_000);
    // The audit is append-only.
    expect(() => store.connection.prepare('DELETE FROM export_audit').run()).toThrow(/append_only/);
  });

  test('over IPC: preview and history work, writing needs the shell’s save dialog and never takes a path', async () => {
    const session = new Session({ storePath: join(tempFolder(), 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
    const dispatch = createDispatcher(session);
    await dispatch('session.create', { userName: 'Ivana', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
    try {
      const preview = await dispatch('export.preview', { period: 'month', filter: { to: '2024-02-29' } });
      expect(preview).toMatchObject({ ok: true, value: { format: 'crisis-casebook/anonymised-summary' } });
      expect(await dispatch('export.preview', { k: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await dispatch('export.write', { format: 'csv' })).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
      expect(await dispatch('export.write', { format: 'csv', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

      const folder = tempFolder();
      const target = join(folder, 'chosen.csv');
      let answer: string | null = null;
      const requests: unknown[] = [];
      provideExchangeShell(session, {
        printPdf: noPdf,
        chooseSavePath: (request) => {
          requests.push(request);
          return Promise.resolve(answer);
        },
        chooseOpenPath: () => Promise.resolve(null),
      });
      expect(await dispatch('export.write', { format: 'csv' })).toEqual({ ok: true, value: { saved: false, fileName: null, sha256: null, byteLength: null } });
      expect(existsSync(target)).toBe(false);
      answer = target;
      const saved = await dispatch('export.write', { format: 'csv', filter: { to: '2024-12-31' } });
      expect(saved).toMatchObject({ ok: true, value: { saved: true, fileName: 'chosen.csv' } });
      const bytes = readFileSync(target);
      expect(saved.ok && (saved.value as SavedFile).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(bytes.equals(summaryCsv(buildSummaryExport(session.requireStore(), { filter: { to: '2024-12-31' } })))).toBe(true);
      expect(requests[1]).toMatchObject({ suggestedName: expect.stringMatching(/^crisis-casebook-summary_all-teams_.*\.csv$/) });
      // An Excel workbook through the same dialog, which names its file type for people.
      answer = join(folder, 'chosen.xlsx');
      expect(await dispatch('export.write', { format: 'xlsx', period: 'quarter' })).toMatchObject({ ok: true, value: { saved: true, fileName: 'chosen.xlsx' } });
      expect(requests[2]).toMatchObject({ suggestedName: expect.stringMatching(/\.xlsx$/), filters: [{ name: 'Excel (.xlsx)', extensions: ['xlsx'] }] });
      expect(readFileSync(answer).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
      const history = await dispatch('export.history', null);
      expect(history.ok && (history.value as ExportRecord[]).map((record) => [record.format, record.fileName])).toEqual([
        ['xlsx', expect.stringMatching(/\.xlsx$/)],
        ['csv', expect.stringMatching(/\.csv$/)],
      ]);
    } finally {
      session.lock();
    }
  });
});

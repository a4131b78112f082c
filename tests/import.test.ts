// Spreadsheet import into real encrypted stores: the files Excel writes, every way a row can be
// wrong, all-or-nothing, idempotence and lead negotiators.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serbianWallClockToInstant } from '@shared/time';
import type { Store } from '../src/main/store';
import { createCrisis, getCrisis, listCrises } from '../src/main/services/crises';
import { listAuditEntries } from '../src/main/services/audit';
import { listHotlineCalls } from '../src/main/services/hotline';
import { type ImportOptions, importSpreadsheet } from '../src/main/services/import';
import { wallClockToInstant } from '../src/main/services/import/values';
import { createMember, listMembers } from '../src/main/services/members';
import { expectCasebookError } from './support/expectError';
import { newTestStore } from './support/tempStore';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const CRISIS_HEADER = [
  'team',
  'started_at',
  'ended_at',
  'type',
  'municipality',
  'subjects',
  'hostages',
  'hostages_released',
  'suicides_prevented',
  'outcome',
  'lead_negotiator',
  'notes',
];
const HOTLINE_HEADER = ['received_at', 'caller', 'outlet', 'threat', 'urgency', 'municipality', 'action', 'notes'];

interface FileShape {
  separator?: string;
  crlf?: boolean;
  bom?: boolean;
}

/** A CSV file as bytes, shaped like what Excel writes. Cells are written as given (quote them yourself). */
function csvFile(rows: string[][], shape: FileShape = {}): Buffer {
  const text = rows.map((row) => row.join(shape.separator ?? ',')).join(shape.crlf ? '\r\n' : '\n') + (shape.crlf ? '\r\n' : '\n');
  return Buffer.from((shape.bom ? '\ufeff' : '') + text, 'utf8');
}

/** One crisis row in CRISIS_HEADER order, with sensible values and overrides by column. */
function crisisRow(overrides: Partial<Record<(typeof CRISIS_HEADER)[number], string>> = {}): string[] {
  const row: Record<string, string> = {
    team: 'Beograd',
    started_at: '2024-03-05 14:30',
    ended_at: '2024-03-05 18:00',
    type: 'hostage',
    municipality: 'Vračar',
    subjects: '1',
    hostages: '2',
    hostages_released: '2',
    suicides_prevented: '0',
    outcome: 'released',
    lead_negotiator: '',
    notes: '',
    ...overrides,
  };
  return CRISIS_HEADER.map((column) => row[column] ?? '');
}

function importCrises(store: Store, rows: string[][], options: Partial<ImportOptions> = {}, shape: FileShape = {}) {
  return importSpreadsheet(store, csvFile([CRISIS_HEADER, ...rows], shape), { kind: 'crises', ...options });
}

function crisisCount(store: Store): number {
  return listCrises(store, { limit: 500 }).total ?? 0;
}

function onlyCrisis(store: Store) {
  const [summary] = listCrises(store, { limit: 2 }).items;
  if (!summary) throw new Error('no crisis imported');
  return getCrisis(store, summary.id);
}

describe('files as Excel writes them', () => {
  test('BOM, semicolons, CRLF, and quoted values holding separators, quotes and line breaks', async () => {
    const { store } = await newTestStore();
    const rows = [
      crisisRow({ notes: '"Pregovori; telefonom, pa lično"' }),
      crisisRow({ started_at: '2024-03-06 10:00', ended_at: '2024-03-06 11:00', notes: '"Prvi red\r\ndrugi red; i ""navodnici"""' }),
      crisisRow({ started_at: '2024-03-07 10:00', ended_at: '2024-03-07 11:00' }),
    ];
    const result = importCrises(store, rows, {}, { separator: ';', crlf: true, bom: true });
    expect(result).toMatchObject({ kind: 'crises', rowsRead: 3, imported: 3, alreadyPresent: 0, invalid: [], committed: true });
    const notes = listCrises(store, { sort: { field: 'startedAt', direction: 'asc' } }).items.map((item) => getCrisis(store, item.id).notes);
    expect(notes).toEqual(['Pregovori; telefonom, pa lično', 'Prvi red\ndrugi red; i "navodnici"', '']);
  });

  test('comma separated, no BOM, LF line ends; the separator is found from the header', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow({ notes: '"a, b; c"' })]);
    expect(result.imported).toBe(1);
    expect(onlyCrisis(store).notes).toBe('a, b; c');
  });

  test('a row after a multi-line value is reported on its own physical line', async () => {
    const { store } = await newTestStore();
    const rows = [
      crisisRow({ notes: '"one\r\ntwo\r\nthree"' }), // lines 2–4
      crisisRow({ team: 'Atlantis' }), // line 5
    ];
    const result = importCrises(store, rows, {}, { separator: ';', crlf: true, bom: true });
    expect(result.invalid).toEqual([{ row: 5, column: 'team', path: 'teamSlug', message: expect.stringContaining('Atlantis'), code: 'unknown_team', params: { value: 'Atlantis', expected: expect.stringContaining('Niš') } }]);
  });

  test('blank lines and rows of empty cells (Excel writes ";;;;") are skipped, and line numbers still count them', async () => {
    const { store } = await newTestStore();
    const file = Buffer.from(
      [CRISIS_HEADER.join(';'), crisisRow().join(';'), '', ';;;;;;;;;;;', '   ', crisisRow({ type: 'picnic' }).join(';')].join('\r\n'),
    );
    const result = importSpreadsheet(store, file, { kind: 'crises' });
    expect(result.rowsRead).toBe(2);
    expect(result.invalid).toEqual([{ row: 6, column: 'type', path: 'type', message: expect.stringContaining('picnic'), code: 'invalid_choice', params: { value: 'picnic', expected: expect.stringContaining('hostage') } }]);
  });

  test('Excel\'s "sep=;" first line is honoured, after any blank lines', async () => {
    const { store } = await newTestStore();
    const file = Buffer.from(['', '  ', 'sep=;', CRISIS_HEADER.join(';'), crisisRow({ notes: 'a, b' }).join(';'), crisisRow({ type: '?' }).join(';')].join('\r\n'));
    const result = importSpreadsheet(store, file, { kind: 'crises', skipInvalid: true });
    expect(result).toMatchObject({ imported: 1, invalid: [{ row: 6, column: 'type' }] });
    expect(onlyCrisis(store).notes).toBe('a, b');
  });

  test('a Windows-1250 file (Excel\'s legacy "CSV") is read, with a warning', async () => {
    const { store } = await newTestStore();
    // "Niš;…;Čukarica" in Windows-1250: š = 0x9a, Č = 0xc8.
    const text = `${CRISIS_HEADER.join(';')}\r\n${crisisRow({ team: 'Ni\u0161', municipality: '\u010cukarica' }).join(';')}\r\n`;
    const bytes = Buffer.from(text, 'latin1');
    bytes.forEach((byte, index) => {
      if (text[index] === '\u0161') bytes[index] = 0x9a;
      if (text[index] === '\u010c') bytes[index] = 0xc8;
    });
    const result = importSpreadsheet(store, bytes, { kind: 'crises' });
    expect(result.imported).toBe(1);
    expect(result.warnings).toEqual([expect.stringContaining('Windows-1250')]);
    expect(onlyCrisis(store)).toMatchObject({ teamSlug: 'nis', municipality: 'Čukarica' });
  });
});

describe('columns', () => {
  test('are matched by name in any order and case; unknown columns are ignored with a warning', async () => {
    const { store } = await newTestStore();
    const header = ['  Notes ', 'TYPE', 'Started At', 'ended-at', 'Team', 'outcome', 'Weather', 'hostages'];
    const row = ['x', 'barricade', '2024-03-05 14:30', '2024-03-05 15:00', 'nis', 'surrender', 'rain', '0'];
    const result = importSpreadsheet(store, csvFile([header, row]), { kind: 'crises' });
    expect(result.imported).toBe(1);
    expect(result.warnings).toContain('Unknown column "Weather" (column 7) was ignored.');
    expect(result.warnings).toContain('The column "lead_negotiator" is missing; every row gets its default.');
    expect(onlyCrisis(store)).toMatchObject({ teamSlug: 'nis', type: 'barricade', outcome: 'surrender', notes: 'x', subjects: 1 });
  });

  test('a missing required column is an error naming it, and nothing is imported', async () => {
    const { store } = await newTestStore();
    const header = CRISIS_HEADER.filter((column) => column !== 'started_at' && column !== 'type');
    const error = expectCasebookError(() => importSpreadsheet(store, csvFile([header, header.map(() => '1')]), { kind: 'crises' }), 'IMPORT_INVALID');
    expect(error.message).toMatch(/lacks the required columns started_at, type/);
    expect(crisisCount(store)).toBe(0);
  });

  test('a column named twice is an error', async () => {
    const { store } = await newTestStore();
    const error = expectCasebookError(() => importSpreadsheet(store, csvFile([[...CRISIS_HEADER, 'Team']]), { kind: 'crises' }), 'IMPORT_INVALID');
    expect(error.message).toMatch(/"team" appears twice/);
  });

  test('a header without rows imports nothing and says so', async () => {
    const { store } = await newTestStore();
    const result = importSpreadsheet(store, csvFile([CRISIS_HEADER]), { kind: 'crises' });
    expect(result).toMatchObject({ rowsRead: 0, imported: 0, committed: true, warnings: ['The file has a header but no rows.'] });
  });
});

describe('values', () => {
  test('teams by slug or Serbian name, Latin with or without diacritics, or Cyrillic, any case', async () => {
    const { store } = await newTestStore();
    const names = ['Niš', 'nis', 'Ниш', 'BEOGRAD', 'Beograd', 'novi sad', 'Нови Сад', 'belgrade', 'NOVI-SAD', 'kragujevac', 'Краљево'];
    const rows = names.map((team, index) => crisisRow({ team, started_at: `2024-03-${String(index + 1).padStart(2, '0')} 10:00`, ended_at: '', outcome: '' }));
    const result = importCrises(store, rows);
    expect(result.invalid).toEqual([]);
    const slugs = listCrises(store, { sort: { field: 'startedAt', direction: 'asc' }, limit: 50 }).items.map((item) => item.teamSlug);
    expect(slugs).toEqual(['nis', 'nis', 'nis', 'belgrade', 'belgrade', 'novi-sad', 'novi-sad', 'belgrade', 'novi-sad', 'kragujevac', 'kraljevo']);
  });

  test.each([
    ['2024-03-05', '2024-03-04T23:00:00.000Z'], // a date alone: midnight in Serbia (CET)
    ['2024-03-05 14:30', '2024-03-05T13:30:00.000Z'],
    ['2024-03-05T14:30', '2024-03-05T13:30:00.000Z'],
    ['2024-03-05 14:30:15', '2024-03-05T13:30:15.000Z'],
    ['2024-07-01 14:30', '2024-07-01T12:30:00.000Z'], // summer time (CEST)
    ['2024-03-31 03:30', '2024-03-31T01:30:00.000Z'], // the day the clocks go forward
    ['2024-10-27 12:00', '2024-10-27T11:00:00.000Z'], // the day they go back
    ['2024-03-05T14:30:00Z', '2024-03-05T14:30:00.000Z'], // instants are taken as they are
    ['2024-03-05T14:30:00+02:00', '2024-03-05T12:30:00.000Z'],
    ['2024-03-05 14:30+0100', '2024-03-05T13:30:00.000Z'],
    ['2024-03-05t14:30:00.250z', '2024-03-05T14:30:00.250Z'],
    ['2024-03-05T14:30:00.250Z', '2024-03-05T14:30:00.250Z'], // as the store keeps them: kept as written
    ['05.03.2024.', '2024-03-04T23:00:00.000Z'], // the Serbian way of writing dates
    ['5.3.2024', '2024-03-04T23:00:00.000Z'],
    ['05.03.2024. 14:30', '2024-03-05T13:30:00.000Z'],
    ['05.07.2024 09:05:30', '2024-07-05T07:05:30.000Z'],
  ])('started_at "%s" is %s', async (written, instant) => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow({ started_at: written, ended_at: '', outcome: '' })]);
    expect(result.invalid).toEqual([]);
    expect(onlyCrisis(store).startedAt).toBe(instant);
  });

  test('the cached day offsets give exactly what serbianWallClockToInstant gives, clock changes included', () => {
    for (let day = Date.UTC(2019, 0, 1); day < Date.UTC(2026, 0, 1); day += 86_400_000 * 3 + 3_600_000 * 7 + 60_000 * 13) {
      const at = new Date(day);
      const clock = {
        year: at.getUTCFullYear(),
        month: at.getUTCMonth() + 1,
        day: at.getUTCDate(),
        hour: at.getUTCHours(),
        minute: at.getUTCMinutes(),
        second: 30,
      };
      const expected = serbianWallClockToInstant(clock.year, clock.month, clock.day, clock.hour, clock.minute, clock.second);
      expect(wallClockToInstant(clock)).toBe(expected);
    }
    for (const [month, day] of [[3, 31], [10, 27]] as const) {
      for (let hour = 0; hour < 24; hour++) {
        const clock = { year: 2024, month, day, hour, minute: 30, second: 0 };
        expect(wallClockToInstant(clock)).toBe(serbianWallClockToInstant(2024, month, day, hour, 30, 0));
      }
    }
  });

  test.each([
    ['2024-02-30', 'not a real calendar date', 'not_calendar_date'],
    ['2024-02-30T10:00:00.000Z', 'not a real calendar date', 'not_calendar_date'], // even in the store's own form
    ['2024-03-05T24:00:00.000Z', 'not a valid time of day', 'invalid_time'],
    ['2024-03-05 25:00', 'not a valid time of day', 'invalid_time'],
    ['31.04.2024.', 'not a real calendar date', 'not_calendar_date'],
    ['0224-03-05', 'outside 1950–2100', 'year_out_of_range'],
    ['yesterday', 'is not a date', 'not_a_date'],
    ['2024/03/05', 'is not a date', 'not_a_date'],
    ['45356.5', 'is not a date', 'not_a_date'],
  ])('started_at "%s" is refused: %s', async (written, reason, code) => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow({ started_at: written })]);
    expect(result.invalid).toEqual([
      { row: 2, column: 'started_at', path: 'startedAt', message: expect.stringContaining(reason), code, params: expect.objectContaining({ value: written }) },
    ]);
  });

  test('enum values in any case, with spaces or hyphens for underscores; empty counts take their defaults', async () => {
    const { store } = await newTestStore();
    const row = crisisRow({ type: 'Suicide-Attempt', outcome: 'Talked down', subjects: '', hostages: '', hostages_released: '', suicides_prevented: ' 1 ' });
    expect(importCrises(store, [row]).invalid).toEqual([]);
    expect(onlyCrisis(store)).toMatchObject({
      type: 'suicide_attempt',
      outcome: 'talked_down',
      subjects: 1,
      hostages: 0,
      hostagesReleased: 0,
      suicidesPrevented: 1,
      status: 'closed',
      resolved: true,
    });
  });

  test('empty ended_at and outcome make an open crisis', async () => {
    const { store } = await newTestStore();
    importCrises(store, [crisisRow({ ended_at: '', outcome: '' })]);
    expect(onlyCrisis(store)).toMatchObject({ status: 'open', endedAt: null, outcome: null });
  });

  test('an imported crisis is the same record createCrisis makes', async () => {
    const { store } = await newTestStore();
    importCrises(store, [crisisRow({ municipality: 'Stari grad', notes: 'Beleška' })]);
    const imported = onlyCrisis(store);
    const created = createCrisis(store, {
      teamSlug: 'belgrade',
      startedAt: '2024-03-05T14:30:00+01:00',
      endedAt: '2024-03-05T18:00:00+01:00',
      type: 'hostage',
      municipality: 'Stari grad',
      subjects: 1,
      hostages: 2,
      hostagesReleased: 2,
      suicidesPrevented: 0,
      outcome: 'released',
      notes: 'Beleška',
    });
    const comparable = ({ id: _id, reference: _reference, createdAt: _c, updatedAt: _u, ...rest }: typeof created) => rest;
    expect(comparable(imported)).toEqual(comparable(created));
    expect([imported.reference, created.reference]).toEqual(['BG-2024-001', 'BG-2024-002']);
    // The imported row is found by the app's full-text search, like any other.
    expect(listCrises(store, { filter: { text: 'Beleška' } }).total).toBe(2);
  });
});

describe('bad rows', () => {
  const badRows = () => [
    crisisRow(), // line 2: fine
    crisisRow({ team: 'Subotica' }), // line 3
    crisisRow({ started_at: '2024-03-05 18:00', ended_at: '2024-03-05 14:00' }), // line 4
    crisisRow({ hostages: '1', hostages_released: '3' }), // line 5
    crisisRow({ subjects: 'two', outcome: 'won' }), // line 6
    crisisRow({ ended_at: '', outcome: 'released' }), // line 7
    crisisRow({ started_at: '' }), // line 8
  ];

  test('one bad row imports nothing; the report names every bad row by line, column and reason', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, badRows());
    expect(result).toMatchObject({ rowsRead: 7, imported: 0, committed: false, invalidRows: 6, membersCreated: 0 });
    expect(result.invalid.map(({ row, column, path }) => ({ row, column, path }))).toEqual([
      { row: 3, column: 'team', path: 'teamSlug' },
      { row: 4, column: 'ended_at', path: 'endedAt' },
      { row: 5, column: 'hostages_released', path: 'hostagesReleased' },
      { row: 6, column: 'subjects', path: 'subjects' },
      { row: 6, column: 'outcome', path: 'outcome' },
      { row: 7, column: 'ended_at', path: 'endedAt' },
      { row: 8, column: 'started_at', path: 'startedAt' },
    ]);
    expect(result.invalid.map((issue) => issue.message)).toEqual([
      'Unknown team "Subotica"; expected one of Beograd, Novi Sad, Niš, Kragujevac, Kraljevo.',
      'ended_at is before started_at.',
      'hostages_released is larger than hostages.',
      '"two" is not a whole number of zero or more.',
      'Invalid value "won"; expected one of surrender, talked_down, released, tactical, suicide, escaped, other.',
      'A crisis with an outcome needs ended_at.',
      'The cell is empty; a value is required.',
    ]);
    expect(crisisCount(store)).toBe(0);
  });

  test('skipInvalid imports the valid rows and reports the rest', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, badRows(), { skipInvalid: true });
    expect(result).toMatchObject({ rowsRead: 7, imported: 1, committed: true, invalidRows: 6 });
    expect(result.invalid).toHaveLength(7);
    expect(crisisCount(store)).toBe(1);
  });

  test('a row with the wrong number of fields is a bad row on its line, not a broken file', async () => {
    const { store } = await newTestStore();
    const file = Buffer.from([CRISIS_HEADER.join(';'), crisisRow().join(';'), 'Beograd;2024-03-05;oops'].join('\n'));
    const result = importSpreadsheet(store, file, { kind: 'crises' });
    expect(result.invalid).toEqual([{ row: 3, path: '', message: expect.stringContaining('has 3 field(s) but the header has 12'), code: 'field_count', params: { found: 3, expected: 12 } }]);
    expect(result.committed).toBe(false);
    expect(importSpreadsheet(store, file, { kind: 'crises', skipInvalid: true }).imported).toBe(1);
  });

  test('hotline rows are checked the same way', async () => {
    const { store } = await newTestStore();
    const file = csvFile([
      HOTLINE_HEADER,
      ['2024-01-08 09:12', 'Jovana', 'Portal', 'threat', 'high', 'Beograd', 'police_dispatched', ''],
      ['2024-01-09 09:12', '', 'Portal', 'kidnap', 'soon', 'Beograd', 'police dispatched', ''],
    ]);
    const result = importSpreadsheet(store, file, { kind: 'hotline' });
    expect(result.committed).toBe(false);
    expect(result.invalid.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 3, column: 'caller' },
      { row: 3, column: 'threat' },
      { row: 3, column: 'urgency' },
    ]);
    expect(listHotlineCalls(store).total).toBe(0);
  });
});

describe('before anything is written', () => {
  test('a dry run checks and writes everything, then keeps nothing: the report says what an import would do', async () => {
    const { store } = await newTestStore();
    createMember(store, { teamSlug: 'belgrade', name: 'Marko Petrović', role: 'negotiator' });
    importCrises(store, [crisisRow({ started_at: '2024-01-02 10:00', ended_at: '2024-01-02 11:00' })]);
    const header = [...CRISIS_HEADER, 'Komentar'];
    const rows = [
      [...crisisRow({ started_at: '2024-01-02 10:00', ended_at: '2024-01-02 11:00' }), 'already in the store'],
      [...crisisRow({ lead_negotiator: 'Marko Petrović', notes: 'prva' }), ''],
      [...crisisRow({ started_at: '2024-03-06 10:00', ended_at: '2024-03-06 11:00', lead_negotiator: 'Nova Osoba' }), ''],
      [...crisisRow({ type: 'picnic' }), ''],
    ];
    const file = csvFile([header, ...rows]);
    const before = JSON.stringify([listCrises(store, { limit: 500 }), listMembers(store), listAuditEntries(store, { limit: 500 })]);
    const dry = importSpreadsheet(store, file, { kind: 'crises', dryRun: true });
    expect(JSON.stringify([listCrises(store, { limit: 500 }), listMembers(store), listAuditEntries(store, { limit: 500 })])).toBe(before);
    expect(dry).toMatchObject({ dryRun: true, committed: false, imported: 0, importable: 2, alreadyPresent: 1, membersCreated: 1, rowsRead: 4, invalidRows: 1 });
    expect(dry.invalid).toEqual([{ row: 5, column: 'type', path: 'type', message: expect.stringContaining('"picnic"'), code: 'invalid_choice', params: expect.objectContaining({ value: 'picnic' }) }]);
    expect(dry.columns.ignored).toEqual(['Komentar']);
    expect(dry.columns.missing).toEqual([]);
    expect(dry.columns.recognised.map(({ column }) => column)).toEqual(expect.arrayContaining(['team', 'started_at', 'notes']));
    expect(dry.columns.recognised.find(({ column }) => column === 'team')).toEqual({ column: 'team', header: 'team' });
    // The first rows as they will be stored: Serbian time read into instants, the team as its slug.
    expect(dry.preview.map((row) => row.line)).toEqual([2, 3, 4]);
    expect(dry.preview[1]).toMatchObject({ line: 3, reference: null, values: { team: 'belgrade', started_at: '2024-03-05T13:30:00.000Z', notes: 'prva', lead_negotiator: 'Marko Petrović' } });
    // What the dry run said is what the import does.
    const real = importSpreadsheet(store, file, { kind: 'crises', skipInvalid: true });
    expect(real).toMatchObject({ dryRun: false, committed: true, imported: 2, importable: 2, alreadyPresent: 1, membersCreated: 1 });
    expect(real.preview).toEqual(dry.preview);
  });

  test('an import refused for bad rows writes nothing and says so in importable', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow(), crisisRow({ type: 'picnic' })]);
    expect(result).toMatchObject({ committed: false, dryRun: false, imported: 0, importable: 0 });
    expect(crisisCount(store)).toBe(0);
  });
});

describe('hostile and broken files', () => {
  test.each([
    ['binary junk', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10, 0x80, 0x00, 0x9c]), /binary data/],
    ['junk that is valid UTF-8', Buffer.from('team,started_at\u0000\u0007\u001b[31m\n'), /binary data \(first on line 1\)/],
    // The first of several, each kind on its own line: DEL, a C1 control, the replacement character, a C0 control.
    ['controls further down', Buffer.from('team,notes\nNiš,«ok» č\nNiš,a\u007f\nNiš,b\u0085\nNiš,c\ufffd\nNiš,\u0001\n'), /binary data \(first on line 3\)/],
    ['a C1 control after ordinary C2 characters', Buffer.from('team,notes\nNiš,\u00a0«»\nNiš,\u0085\n'), /binary data \(first on line 3\)/],
    ['the replacement character first', Buffer.from('team,notes\nNiš,x\nNiš,x\nNiš,\ufffd\nNiš,\u001b\n'), /binary data \(first on line 4\)/],
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), /Excel workbook/],
    ['a PDF', Buffer.from('%PDF-1.7\n'), /PDF/],
    ['an empty file', Buffer.alloc(0), /empty/],
    ['only a BOM and blank lines', Buffer.from('\ufeff\r\n\r\n'), /empty/],
    ['prose, not CSV', Buffer.from('Dear colleagues, please find attached the report.\n'), /lacks the required columns/],
    ['an unclosed quote', Buffer.from(`${CRISIS_HEADER.join(',')}\n${crisisRow({ notes: '"never closed' }).join(',')}\n`), /opened on line 2 is never closed/],
  ])('%s → IMPORT_INVALID, nothing changed', async (_name, bytes, message) => {
    const { store } = await newTestStore();
    importCrises(store, [crisisRow()]);
    const error = expectCasebookError(() => importSpreadsheet(store, bytes, { kind: 'crises' }), 'IMPORT_INVALID');
    expect(error.message).toMatch(message);
    expect(crisisCount(store)).toBe(1);
  });

  test('random bytes never get past the file checks', async () => {
    const { store } = await newTestStore();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let attempt = 0; attempt < 20; attempt++) {
      const bytes = Buffer.from(Array.from({ length: 512 }, random));
      expectCasebookError(() => importSpreadsheet(store, bytes, { kind: 'crises' }), 'IMPORT_INVALID');
    }
    expect(crisisCount(store)).toBe(0);
  });

  test('a huge row is refused with its line and column, and nothing of the file is imported', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow(), crisisRow({ notes: 'x'.repeat(3_000_000) }), crisisRow({ municipality: 'Zemun' })]);
    expect(result.committed).toBe(false);
    expect(result.invalid).toEqual([expect.objectContaining({ row: 3, column: 'notes' })]);
    expect(crisisCount(store)).toBe(0);
  });

  // Formula cells are only text here: the store never evaluates them, and every CSV the app
  // writes neutralises them (tests/export.summary.test.ts).
  test('formula-like cells are stored as plain text', async () => {
    const { store } = await newTestStore();
    importCrises(store, [crisisRow({ municipality: '=HYPERLINK("http://x")', notes: '@SUM(A1)' })]);
    expect(onlyCrisis(store)).toMatchObject({ municipality: '=HYPERLINK("http://x")', notes: '@SUM(A1)' });
  });
});

describe('importing again', () => {
  test('the same file twice creates no duplicates', async () => {
    const { store } = await newTestStore();
    const rows = [crisisRow({ lead_negotiator: 'Marko Petrović' }), crisisRow({ started_at: '2024-04-01 10:00', ended_at: '', outcome: '' })];
    const first = importCrises(store, rows);
    const second = importCrises(store, rows);
    expect(first).toMatchObject({ imported: 2, alreadyPresent: 0, membersCreated: 1 });
    expect(second).toMatchObject({ rowsRead: 2, imported: 0, alreadyPresent: 2, membersCreated: 0, invalid: [], warnings: [] });
    expect(crisisCount(store)).toBe(2);
    expect(listMembers(store)).toHaveLength(1);
  });

  test('the same rows written differently (team spelling, date format, separator) are still the same rows', async () => {
    const { store } = await newTestStore();
    importCrises(store, [crisisRow({ team: 'Niš', started_at: '2024-03-05 14:30', type: 'hostage' })]);
    const again = importCrises(store, [crisisRow({ team: 'НИШ', started_at: '05.03.2024. 14:30', type: 'Hostage' })], {}, { separator: ';', bom: true });
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 1 });
  });

  test('a row repeated within one file is imported once', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow(), crisisRow()]);
    expect(result).toMatchObject({ imported: 1, alreadyPresent: 1, warnings: ['Line 3 repeats line 2; it is imported once.'] });
  });

  test('hotline calls too', async () => {
    const { store } = await newTestStore();
    const file = readFileSync(join(FIXTURES, 'hotline-small.csv'));
    expect(importSpreadsheet(store, file, { kind: 'hotline' })).toMatchObject({ imported: 5, alreadyPresent: 0 });
    expect(importSpreadsheet(store, file, { kind: 'hotline' })).toMatchObject({ imported: 0, alreadyPresent: 5 });
    expect(listHotlineCalls(store).total).toBe(5);
  });

  test('a reference column is used as the reference, and identifies the row on the next import', async () => {
    const { store } = await newTestStore();
    const header = [...CRISIS_HEADER, 'reference'];
    const rows = [
      [...crisisRow(), 'BG-2023-17'],
      [...crisisRow({ started_at: '2024-05-01 10:00', ended_at: '2024-05-01 11:00' }), ''],
      [...crisisRow({ started_at: '2024-05-02 10:00', ended_at: '2024-05-02 11:00' }), 'bg-2024-001'],
    ];
    const result = importSpreadsheet(store, csvFile([header, ...rows]), { kind: 'crises' });
    expect(result).toMatchObject({ imported: 3, invalid: [] });
    const references = listCrises(store, { sort: { field: 'reference', direction: 'asc' } }).items.map((item) => item.reference);
    // The row without a reference gets the next free number, after those the file claims.
    expect(references).toEqual(['BG-2023-017', 'BG-2024-001', 'BG-2024-002']);

    const edited = [[...crisisRow({ notes: 'corrected later' }), 'BG-2023-017']];
    const again = importSpreadsheet(store, csvFile([header, ...edited]), { kind: 'crises' });
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 1 });
    expect(again.warnings).toEqual(['Line 2: BG-2023-017 is already in the store with other values; it was left unchanged.']);
  });

  test('a reference must fit its team, and may appear once per file', async () => {
    const { store } = await newTestStore();
    const header = [...CRISIS_HEADER, 'reference'];
    const rows = [
      [...crisisRow(), 'NS-2024-001'],
      [...crisisRow({ started_at: '2024-05-01 10:00', ended_at: '', outcome: '' }), 'BG-2024-009'],
      [...crisisRow({ started_at: '2024-05-02 10:00', ended_at: '', outcome: '' }), 'BG-2024-9'],
    ];
    const result = importSpreadsheet(store, csvFile([header, ...rows]), { kind: 'crises' });
    expect(result.invalid).toEqual([
      {
        row: 2,
        column: 'reference',
        path: 'reference',
        message: 'Invalid reference "NS-2024-001"; expected BG-YYYY-NNN for this team.',
        code: 'invalid_reference',
        params: { value: 'NS-2024-001', expected: 'BG-YYYY-NNN' },
      },
      {
        row: 4,
        column: 'reference',
        path: 'reference',
        message: 'The reference BG-2024-009 is also on line 3.',
        code: 'reference_repeated',
        params: { reference: 'BG-2024-009', line: 3 },
      },
    ]);
  });
});

describe('lead negotiators', () => {
  test('are matched by name or call sign within the team, or created as negotiators of that team', async () => {
    const { store } = await newTestStore();
    const marko = createMember(store, { teamSlug: 'belgrade', name: 'Marko Petrović', callSign: 'Vuk', role: 'team_leader', active: true });
    const namesake = createMember(store, { teamSlug: 'nis', name: 'Marko Petrović', callSign: '', role: 'negotiator', active: true });
    const rows = [
      crisisRow({ started_at: '2024-03-01 10:00', ended_at: '', outcome: '', lead_negotiator: '  marko petrović ' }),
      crisisRow({ started_at: '2024-03-02 10:00', ended_at: '', outcome: '', lead_negotiator: 'VUK' }),
      crisisRow({ started_at: '2024-03-03 10:00', ended_at: '', outcome: '', lead_negotiator: 'Ana Jovanović' }),
      crisisRow({ started_at: '2024-03-04 10:00', ended_at: '', outcome: '', lead_negotiator: 'ana jovanović' }),
      crisisRow({ started_at: '2024-03-05 10:00', ended_at: '', outcome: '', team: 'Kraljevo', lead_negotiator: 'Ana Jovanović' }),
      crisisRow({ started_at: '2024-03-06 10:00', ended_at: '', outcome: '', lead_negotiator: '' }),
    ];
    const result = importCrises(store, rows);
    expect(result).toMatchObject({ imported: 6, membersCreated: 2 });

    const leads = listCrises(store, { sort: { field: 'startedAt', direction: 'asc' } }).items.map(
      (item) => getCrisis(store, item.id).deployments,
    );
    const ana = listMembers(store, { teamSlug: 'belgrade' }).find((member) => member.name === 'Ana Jovanović');
    const anaKraljevo = listMembers(store, { teamSlug: 'kraljevo' }).find((member) => member.name === 'Ana Jovanović');
    expect(ana).toMatchObject({ role: 'negotiator', active: true, callSign: '' });
    expect(anaKraljevo).toBeDefined();
    expect(leads.map((deployments) => deployments.map((d) => [d.memberId, d.role]))).toEqual([
      [[marko.id, 'lead_negotiator']],
      [[marko.id, 'lead_negotiator']],
      [[ana?.id, 'lead_negotiator']],
      [[ana?.id, 'lead_negotiator']],
      [[anaKraljevo?.id, 'lead_negotiator']],
      [],
    ]);
    expect(leads.flat().some((d) => d.memberId === namesake.id)).toBe(false);
  });

  test('a row the store itself refuses: all or nothing rolls back the rows and members already written', async () => {
    const { store } = await newTestStore();
    // Stands in for any refusal only the database can make (a CHECK or trigger the schema adds later).
    store.connection.exec(
      "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.crises WHEN NEW.municipality = 'Refused' BEGIN SELECT RAISE(ABORT, 'refused_by_test'); END",
    );
    const rows = [
      crisisRow({ lead_negotiator: 'Nova Osoba' }),
      crisisRow({ started_at: '2024-03-06 10:00', ended_at: '', outcome: '', municipality: 'Refused', lead_negotiator: 'Druga Osoba' }),
    ];
    const result = importCrises(store, rows);
    expect(result).toMatchObject({ committed: false, imported: 0, membersCreated: 0 });
    expect(result.invalid).toEqual([{ row: 3, path: '', message: expect.stringContaining('refused_by_test') }]);
    expect(crisisCount(store)).toBe(0);
    expect(listMembers(store, { includeInactive: true })).toEqual([]);

    const skipping = importCrises(store, rows, { skipInvalid: true });
    expect(skipping).toMatchObject({ committed: true, imported: 1, membersCreated: 1, invalidRows: 1 });
    expect(listMembers(store).map((member) => member.name)).toEqual(['Nova Osoba']);
  });

  test('a file with bad rows is refused before anything is written', async () => {
    const { store } = await newTestStore();
    const result = importCrises(store, [crisisRow({ lead_negotiator: 'Nova Osoba' }), crisisRow({ team: '???' })]);
    expect(result).toMatchObject({ committed: false, imported: 0, alreadyPresent: 0, membersCreated: 0, invalidRows: 1 });
    expect(listMembers(store, { includeInactive: true })).toEqual([]);
  });
});

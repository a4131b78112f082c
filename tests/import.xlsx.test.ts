// Excel workbooks through the same import as CSV, into real encrypted stores: a workbook a real
// spreadsheet program saved, dates as Excel dates or as text, sheets, formulas, merged headers,
// and hostile workbooks that must neither exhaust memory nor run anything.
// tests/fixtures/example-*.xlsx were saved by LibreOffice Calc 7 from example-*.csv (dates
// rewritten as YYYY-MM-DD HH:MM so that Calc stores them as date cells):
//   soffice --headless --infilter="CSV:59,34,76,1,,2074,false,true" --convert-to xlsx example-crises.csv
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { getCrisis, listCrises } from '../src/main/services/crises';
import { listHotlineCalls } from '../src/main/services/hotline';
import { importSpreadsheet } from '../src/main/services/import';
import { excelDateText, isDateFormatCode } from '../src/main/services/import/xlsx';
import type { Store } from '../src/main/store';
import { expectCasebookError } from './support/expectError';
import { newTestStore } from './support/tempStore';
import { type TestCell, excelSerial, workbook } from './support/workbooks';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const HEADER = ['team', 'started_at', 'ended_at', 'type', 'municipality', 'subjects', 'hostages', 'hostages_released', 'suicides_prevented', 'outcome', 'lead_negotiator', 'notes'];

function crisisCells(overrides: Partial<Record<(typeof HEADER)[number], TestCell>> = {}): TestCell[] {
  const row: Record<string, TestCell> = {
    team: 'Beograd',
    started_at: { date: excelSerial('2024-03-05 14:30') },
    ended_at: { date: excelSerial('2024-03-05 18:00') },
    type: 'hostage',
    municipality: 'Vračar',
    subjects: 1,
    hostages: 2,
    hostages_released: 2,
    suicides_prevented: 0,
    outcome: 'released',
    ...overrides,
  };
  return HEADER.map((column) => row[column] ?? null);
}

function crisesSheet(rows: TestCell[][], extra: { merges?: string[]; firstRow?: number } = {}) {
  return [{ name: 'Krize', rows: [HEADER, ...rows], ...extra }];
}

/** Everything the store shows of its crises, without ids and times of writing. */
function crisesAsStored(store: Store) {
  return listCrises(store, { limit: 500, sort: { field: 'startedAt', direction: 'asc' } }).items.map((item) => {
    const { id: _id, createdAt: _created, updatedAt: _updated, version: _version, deployments, ...rest } = getCrisis(store, item.id);
    return { ...rest, deployments: deployments.map(({ memberId: _member, ...deployment }) => deployment) };
  });
}

function storeSnapshot(store: Store): string {
  return JSON.stringify([listCrises(store, { limit: 500 }).items, listHotlineCalls(store, { limit: 500 }).items]);
}

describe('a workbook a spreadsheet program saved', () => {
  test('imports exactly as the CSV it was saved from: a second import of the other is all already present', async () => {
    const fromCsv = (await newTestStore()).store;
    const fromXlsx = (await newTestStore()).store;
    const csv = importSpreadsheet(fromCsv, readFileSync(join(FIXTURES, 'example-crises.csv')), { kind: 'crises' });
    const xlsx = importSpreadsheet(fromXlsx, readFileSync(join(FIXTURES, 'example-crises.xlsx')), { kind: 'crises' });
    expect(csv).toMatchObject({ imported: 12, invalid: [] });
    expect(xlsx).toMatchObject({ rowsRead: 12, imported: 12, invalid: [], membersCreated: csv.membersCreated, warnings: [] });
    expect(crisesAsStored(fromXlsx).map(({ reference: _r, ...rest }) => rest)).toEqual(crisesAsStored(fromCsv).map(({ reference: _r, ...rest }) => rest));
    // The same rows by their import key: nothing is imported twice whichever format came first.
    expect(importSpreadsheet(fromCsv, readFileSync(join(FIXTURES, 'example-crises.xlsx')), { kind: 'crises' })).toMatchObject({ imported: 0, alreadyPresent: 12 });
  });

  test('hotline calls too', async () => {
    const { store } = await newTestStore();
    expect(importSpreadsheet(store, readFileSync(join(FIXTURES, 'example-hotline.csv')), { kind: 'hotline' })).toMatchObject({ imported: 7, invalid: [] });
    expect(importSpreadsheet(store, readFileSync(join(FIXTURES, 'example-hotline.xlsx')), { kind: 'hotline' })).toMatchObject({ rowsRead: 7, imported: 0, alreadyPresent: 7 });
  });
});

describe('cells as coordinators type them', () => {
  test('dates as Excel dates or as text, numbers as numbers or text, inline strings', async () => {
    const { store } = await newTestStore();
    const file = workbook(
      crisesSheet([
        crisisCells(),
        crisisCells({ started_at: '6. 3. 2024. 10:00', ended_at: '2024-03-06 11:15', hostages: '1', hostages_released: '1', municipality: { inline: 'Zemun' } }),
        crisisCells({ started_at: { date: excelSerial('2024-03-07 00:00'), style: 'date' }, ended_at: { date: excelSerial('2024-03-07 09:00') }, outcome: 'surrender', hostages: 0, hostages_released: 0, type: 'barricade' }),
      ]),
    );
    const result = importSpreadsheet(store, file, { kind: 'crises' });
    expect(result).toMatchObject({ rowsRead: 3, imported: 3, invalid: [], warnings: [] });
    const stored = crisesAsStored(store);
    expect(stored.map((crisis) => [crisis.startedAt, crisis.endedAt, crisis.hostages, crisis.municipality])).toEqual([
      ['2024-03-05T13:30:00.000Z', '2024-03-05T17:00:00.000Z', 2, 'Vračar'],
      ['2024-03-06T09:00:00.000Z', '2024-03-06T10:15:00.000Z', 1, 'Zemun'],
      ['2024-03-06T23:00:00.000Z', '2024-03-07T08:00:00.000Z', 0, 'Vračar'],
    ]);
  });

  test('a bad cell is reported by row (as Excel numbers it) and column, and nothing is written', async () => {
    const { store } = await newTestStore();
    const file = workbook(crisesSheet([crisisCells(), crisisCells({ hostages: 2.5, hostages_released: 0 }), crisisCells({ type: 'picnic' }), crisisCells({ started_at: { error: '#REF!' } })], { firstRow: 3 }));
    const before = storeSnapshot(store);
    const result = importSpreadsheet(store, file, { kind: 'crises' });
    expect(result.committed).toBe(false);
    expect(result.invalid).toEqual([
      { row: 5, column: 'hostages', path: 'hostages', message: expect.stringContaining('2.5'), code: 'not_whole_number', params: { value: '2.5' } },
      { row: 6, column: 'type', path: 'type', message: expect.stringContaining('"picnic"'), code: 'invalid_choice', params: expect.objectContaining({ value: 'picnic' }) },
      { row: 7, column: 'started_at', path: '', message: 'Cell B7 holds the error #REF!.', code: 'cell_error', params: { cell: 'B7', value: '#REF!' } },
    ]);
    expect(storeSnapshot(store)).toBe(before);
    expect(importSpreadsheet(store, file, { kind: 'crises', skipInvalid: true })).toMatchObject({ imported: 1, invalidRows: 3 });
  });

  test('a formula gives the value Excel saved for it, never its own evaluation, and says so', async () => {
    const { store } = await newTestStore();
    const file = workbook(crisesSheet([crisisCells({ hostages: { formula: '1+1', value: 2 }, municipality: { formula: 'HYPERLINK("http://x","Zemun")', value: 'Zemun' } })]));
    const result = importSpreadsheet(store, file, { kind: 'crises' });
    expect(result).toMatchObject({ imported: 1, warnings: [expect.stringMatching(/^2 cell\(s\) hold formulas; the values Excel last saved/)] });
    expect(crisesAsStored(store)[0]).toMatchObject({ hostages: 2, municipality: 'Zemun' });
  });

  test('the first sheet by default, or one chosen by name; an unknown one is refused with the names there are', async () => {
    const { store } = await newTestStore();
    const file = workbook([
      { name: 'Napomene', rows: [['Ovo nije tabela krizâ']] },
      { name: 'Krize 2024', rows: [HEADER, crisisCells()] },
    ]);
    expect(expectCasebookError(() => importSpreadsheet(store, file, { kind: 'crises' }), 'IMPORT_INVALID').message).toMatch(/lacks the required columns/);
    expect(importSpreadsheet(store, file, { kind: 'crises', sheet: 'krize 2024' })).toMatchObject({ imported: 1 });
    const unknown = expectCasebookError(() => importSpreadsheet(store, file, { kind: 'crises', sheet: 'Hotline' }), 'IMPORT_INVALID');
    expect(unknown.message).toBe('The workbook has no sheet "Hotline"; its sheets are "Napomene", "Krize 2024".');
  });

  test('another writer\'s spelling: a relationships prefix other than r:, and absolute or ../ targets', async () => {
    const { store } = await newTestStore();
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const relations = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const file = workbook(crisesSheet([crisisCells()]), {
      override: {
        'xl/workbook.xml': `<x:workbook xmlns:x="${main}" xmlns:rel="${relations}"><x:sheets><x:sheet name="Krize" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>`,
        'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="/xl/worksheets/../worksheets/sheet1.xml"/></Relationships>',
      },
    });
    expect(importSpreadsheet(store, file, { kind: 'crises' })).toMatchObject({ imported: 1, invalid: [] });
  });

  test('merged header cells are refused with their range; merged data cells keep the first cell and warn', async () => {
    const { store } = await newTestStore();
    const header = expectCasebookError(() => importSpreadsheet(store, workbook(crisesSheet([crisisCells()], { merges: ['E1:F1'] })), { kind: 'crises' }), 'IMPORT_INVALID');
    expect(header.message).toBe('The header row (row 1) has merged cells (E1:F1); unmerge them so that each column has its own name.');
    const data = importSpreadsheet(store, workbook(crisesSheet([crisisCells(), crisisCells({ municipality: null, started_at: { date: excelSerial('2024-03-05 15:30') } })], { merges: ['E2:E3'] })), { kind: 'crises' });
    expect(data).toMatchObject({ imported: 2, warnings: ['Merged cells E2:E3: only the first cell of each holds the value.'] });
  });

  test('1904 date system workbooks (old Mac Excel) read the same dates', async () => {
    const { store } = await newTestStore();
    const serial1904 = excelSerial('2024-03-05 14:30') - 1462;
    const file = workbook(crisesSheet([crisisCells({ started_at: { date: serial1904 }, ended_at: { date: serial1904 + 0.125 } })]), { date1904: true });
    expect(importSpreadsheet(store, file, { kind: 'crises' })).toMatchObject({ imported: 1 });
    expect(crisesAsStored(store)[0]).toMatchObject({ startedAt: '2024-03-05T13:30:00.000Z', endedAt: '2024-03-05T16:30:00.000Z' });
  });

  test('Excel date numbers and format codes', () => {
    expect(excelDateText(45356.604166666664, false)).toBe('2024-03-05 14:30:00');
    expect(excelDateText(45356, false)).toBe('2024-03-05');
    expect(excelDateText(1, false)).toBe('1900-01-01');
    expect(excelDateText(61, false)).toBe('1900-03-01');
    expect(excelDateText(0, true)).toBe('1904-01-01');
    expect(excelDateText(-1, false)).toBeNull();
    expect([isDateFormatCode('d\\.m\\.yyyy\\.\\ h:mm'), isDateFormatCode('[$-241A]dd.mm.yyyy'), isDateFormatCode('General'), isDateFormatCode('0.00'), isDateFormatCode('"days"0')]).toEqual([true, true, false, false, false]);
  });
});

describe('hostile workbooks', () => {
  test('a zip bomb is refused from its declared size, before anything is inflated', async () => {
    const { store } = await newTestStore();
    const normal = workbook(crisesSheet([crisisCells()]));
    // 300 MB of the same byte compresses to ~300 KB: its declared size gives it away.
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(300 * 1024 * 1024).fill(0x20) }, { level: 1 });
    const file = replaceEntry(normal, bomb);
    const before = process.memoryUsage().rss;
    const error = expectCasebookError(() => importSpreadsheet(store, file, { kind: 'crises' }), 'IMPORT_INVALID');
    expect(error.message).toBe("The workbook's xl/worksheets/sheet1.xml would unpack to more than a case book can hold; it is refused.");
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);

  test('a part that lies about its size is cut at the size it declared, and then cannot be read', async () => {
    const { store } = await newTestStore();
    const file = workbook(crisesSheet([crisisCells(), crisisCells()]));
    shrinkDeclaredSize(file, 'xl/worksheets/sheet1.xml', 200);
    expect(expectCasebookError(() => importSpreadsheet(store, file, { kind: 'crises' }), 'IMPORT_INVALID').message).toMatch(/^The workbook's sheet cannot be read|^The sheet is empty/);
  });

  test('a DTD (entity expansion, external entities) is refused', async () => {
    const { store } = await newTestStore();
    const laughs = `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&b;</t></si></sst>`;
    const file = workbook(crisesSheet([crisisCells()]), { override: { 'xl/sharedStrings.xml': laughs } });
    expect(expectCasebookError(() => importSpreadsheet(store, file, { kind: 'crises' }), 'IMPORT_INVALID').message).toBe(
      "The workbook's sharedStrings.xml declares a DTD; a workbook Excel saves never does, so it is refused.",
    );
  });

  test('a zip that is not a workbook, a truncated one, an .xls, and a sheet that is not cells', async () => {
    const { store } = await newTestStore();
    const notWorkbook = zipSync({ 'word/document.xml': new TextEncoder().encode('<w:document/>') });
    expect(expectCasebookError(() => importSpreadsheet(store, notWorkbook, { kind: 'crises' }), 'IMPORT_INVALID').message).toMatch(/not an Excel workbook/);
    const truncated = workbook(crisesSheet([crisisCells()])).subarray(0, 300);
    expect(expectCasebookError(() => importSpreadsheet(store, truncated, { kind: 'crises' }), 'IMPORT_INVALID').message).toMatch(/^The file is not a readable Excel workbook/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(expectCasebookError(() => importSpreadsheet(store, xls, { kind: 'crises' }), 'IMPORT_INVALID').message).toMatch(/Excel 97–2003 workbook/);
    const chart = workbook(crisesSheet([crisisCells()]), {
      override: {
        'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
      },
    });
    expect(expectCasebookError(() => importSpreadsheet(store, chart, { kind: 'crises' }), 'IMPORT_INVALID').message).toBe('The sheet "Krize" is not a worksheet of cells (a chart sheet, perhaps).');
    expect(expectCasebookError(() => importSpreadsheet(store, Buffer.from('team\n'), { kind: 'crises', sheet: 'Krize' }), 'IMPORT_INVALID').message).toMatch(/only in an Excel workbook/);
  });

  test('a shared string index past the table is a problem of that cell, not a crash', async () => {
    const { store } = await newTestStore();
    const file = workbook(crisesSheet([crisisCells()]), {
      override: { 'xl/sharedStrings.xml': '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>team</t></si></sst>' },
    });
    expect(expectCasebookError(() => importSpreadsheet(store, file, { kind: 'crises' }), 'IMPORT_INVALID').message).toMatch(/^The header row \(row 1\) cannot be read: cell B1 refers to shared string/);
  });
});

/** The workbook with its sheet replaced by the one entry of `archive`, kept compressed as it is. */
function replaceEntry(file: Uint8Array, archive: Uint8Array): Uint8Array {
  const parts = unzipSync(file, { filter: (entry) => entry.name !== 'xl/worksheets/sheet1.xml' });
  return concatenateArchives(zipSync(parts), archive);
}

/**
 * Two zip archives as one: the entries of both, with one central directory. Done by hand so the
 * hostile entry keeps its compressed bytes and declared size (zipping it again would inflate it).
 */
function concatenateArchives(first: Uint8Array, second: Uint8Array): Uint8Array {
  const entries = (archive: Uint8Array) => {
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    let end = archive.length - 22;
    while (view.getUint32(end, true) !== 0x06054b50) end--;
    const count = view.getUint16(end + 10, true);
    const directorySize = view.getUint32(end + 12, true);
    const directoryOffset = view.getUint32(end + 16, true);
    return { count, local: archive.subarray(0, directoryOffset), directory: archive.slice(directoryOffset, directoryOffset + directorySize) };
  };
  const a = entries(first);
  const b = entries(second);
  // Shift the second archive's local header offsets by the first's local part.
  const directory = new DataView(b.directory.buffer);
  for (let at = 0; at < b.directory.length; ) {
    directory.setUint32(at + 42, directory.getUint32(at + 42, true) + a.local.length, true);
    at += 46 + directory.getUint16(at + 28, true) + directory.getUint16(at + 30, true) + directory.getUint16(at + 32, true);
  }
  const end = new Uint8Array(22);
  const endView = new DataView(end.buffer);
  endView.setUint32(0, 0x06054b50, true);
  endView.setUint16(8, a.count + b.count, true);
  endView.setUint16(10, a.count + b.count, true);
  endView.setUint32(12, a.directory.length + b.directory.length, true);
  endView.setUint32(16, a.local.length + b.local.length, true);
  const out = new Uint8Array(a.local.length + b.local.length + a.directory.length + b.directory.length + 22);
  let offset = 0;
  for (const part of [a.local, b.local, a.directory, b.directory, end]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Rewrites an entry's uncompressed size in the central directory, as a hostile file would. */
function shrinkDeclaredSize(archive: Uint8Array, name: string, size: number): void {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const encoded = new TextEncoder().encode(name);
  for (let at = 0; at < archive.length - 46; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    const entryName = archive.subarray(at + 46, at + 46 + nameLength);
    if (entryName.length === encoded.length && entryName.every((byte, index) => byte === encoded[index])) {
      view.setUint32(at + 24, size, true);
      return;
    }
  }
  throw new Error(`no entry ${name}`);
}

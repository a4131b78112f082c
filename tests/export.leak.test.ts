// The leak test: a store full of distinctive names, phone numbers, outlets, municipalities and
// notes is exported in every format and for every period; not one of those strings, no case
// reference, id or day-precise date may appear in the bytes (for PDFs: also in the printed HTML,
// in every decompressed stream, and as UTF-16), and no suppressed figure may be recoverable.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SummaryExport } from '@shared/exchange';
import { closeCrisis, createCrisis } from '../src/main/services/crises';
import { appendLogEntry } from '../src/main/services/crisisLog';
import { type PdfPrinter, writeSummaryExport } from '../src/main/services/export';
import { type ChromiumPrinter, openChromiumPrinter } from '../src/main/services/export/chromiumPrinter';
import { summaryTables } from '../src/main/services/export/writers';
import { createHotlineCall } from '../src/main/services/hotline';
import { openWorkbook } from '../src/main/services/import/xlsx';
import { createMember } from '../src/main/services/members';
import { type Store, createStore } from '../src/main/store';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST } from './support/tempStore';
import { disclosures, singleHiddenLines, smallPublishedCounts } from './export.verify';

const OFFICER = 'Inspektor Milutin Borota';
const SECRETS = [
  OFFICER,
  'Zlatomir Kovačević',
  'Orao-77',
  'Desanka Jovanović-Prlja',
  'Crni Lotos',
  'Vrnjačka Banja',
  'Ulica Kneza Miloša 12, stan 4',
  'Pregovarač je obećao cigarete Dragoljubu',
  'Traži helikopter do Temišvara',
  'Slobodanka Radovanović',
  'Južne Vesti Plus',
  'Palilula',
  '+381 64 123 4567',
  '0641234567',
  'Subjekat Radomir sa tetovažom',
  'taoc Milica iz trećeg razreda',
];
/** The same, without diacritics, as a careless transliteration might write them. */
const ascii = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'dj').replace(/Đ/g, 'Dj');
const NEEDLES = [...new Set([...SECRETS, ...SECRETS.map(ascii), ...SECRETS.flatMap((s) => s.split(/[\s,]+/).filter((w) => w.length >= 7))])];

const FORBIDDEN_PATTERNS: [string, RegExp][] = [
  ['crisis reference', /\b(BG|NS|NI|KG|KV)-\d{4}-\d+/],
  ['hotline reference', /SOS-\d{4}/],
  ['uuid', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ['day-precise date', /\b\d{4}-\d{2}-\d{2}\b/],
  ['time of day', /\b\d{2}:\d{2}(:\d{2})?\b/],
  ['phone number', /\+?381[\s\d]{6,}|06\d{7,}/],
];

/** One store for every case of this file (tempStore's would be closed after each test). */
async function fill(folder: string): Promise<Store> {
  const store = await createStore({ path: join(folder, 'casebook.db'), passphrase: TEST_PASSPHRASE, userName: OFFICER, scryptCost: TEST_SCRYPT_COST });
  store.transaction(() => {
    const negotiator = createMember(store, { teamSlug: 'belgrade', name: 'Zlatomir Kovačević', callSign: 'Orao-77', role: 'negotiator' });
    const coach = createMember(store, { teamSlug: 'nis', name: 'Desanka Jovanović-Prlja', callSign: 'Crni Lotos', role: 'coach' });
    const teams = ['belgrade', 'belgrade', 'belgrade', 'novi-sad', 'novi-sad', 'nis', 'kragujevac', 'kraljevo'] as const;
    const types = ['hostage', 'barricade', 'suicide_attempt', 'hostage', 'kidnapping'] as const;
    const outcomes = ['surrender', 'talked_down', 'released', 'surrender', 'tactical', 'talked_down', null] as const;
    for (let i = 0; i < 90; i += 1) {
      const month = String(1 + (i % 12)).padStart(2, '0');
      const year = 2023 + (i % 2);
      const startedAt = `${year}-${month}-${String(1 + (i % 27)).padStart(2, '0')}T21:${String(i % 60).padStart(2, '0')}:00+01:00`;
      const outcome = outcomes[i % outcomes.length] ?? null;
      const type = types[i % types.length] ?? 'other';
      const hostages = type === 'hostage' || type === 'kidnapping' ? 1 + (i % 3) : 0;
      const crisis = createCrisis(store, {
        teamSlug: teams[i % teams.length] ?? 'belgrade',
        startedAt,
        type,
        hostages,
        suicidesPrevented: type === 'suicide_attempt' && outcome === 'talked_down' ? 1 : 0,
        municipality: i % 2 ? 'Vrnjačka Banja' : 'Palilula',
        locationNote: 'Ulica Kneza Miloša 12, stan 4',
        notes: `Pregovarač je obećao cigarete Dragoljubu. Subjekat Radomir sa tetovažom; taoc Milica iz trećeg razreda; tel +381 64 123 4567`,
        deployments: [
          { memberId: negotiator.id, role: 'lead_negotiator' },
          { memberId: coach.id, role: 'coach' },
        ],
      });
      appendLogEntry(store, { crisisId: crisis.id, kind: 'demand', at: startedAt, text: 'Traži helikopter do Temišvara, zvati 0641234567' });
      if (hostages > 0 && outcome) {
        appendLogEntry(store, { crisisId: crisis.id, kind: 'release', at: startedAt, releasedCount: hostages });
      }
      if (outcome) {
        const current = store.connection.prepare('SELECT version FROM crises WHERE id = ?').get(crisis.id) as { version: number };
        closeCrisis(store, { id: crisis.id, version: current.version, endedAt: `${year}-${month}-28T23:59:00+01:00`, outcome });
      }
    }
    for (let i = 0; i < 40; i += 1) {
      createHotlineCall(store, {
        receivedAt: `${2023 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-11T08:15:00+01:00`,
        caller: 'Slobodanka Radovanović',
        outlet: 'Južne Vesti Plus',
        threat: (['threat', 'online_harassment', 'physical_attack'] as const)[i % 3] ?? 'other',
        urgency: (['high', 'normal'] as const)[i % 2] ?? 'normal',
        municipality: 'Palilula',
        action: (['referred', 'advice_given'] as const)[i % 2] ?? 'other',
        notes: 'Pozvati na +381 64 123 4567; Subjekat Radomir sa tetovažom',
      });
    }
  });
  return store;
}

/** The bytes of every stream in a PDF, inflated where they are compressed. */
function pdfStreams(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  const streams: Buffer[] = [];
  const pattern = /(?<!end)stream\r?\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(raw));
    } catch {
      streams.push(raw);
    }
    pattern.lastIndex = end;
  }
  return streams;
}

function utf16beHex(hex: string): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return text;
}

/** The glyph → text maps (ToUnicode CMaps) of a PDF's fonts. */
function toUnicodeMaps(streams: Buffer[]): Map<number, string>[] {
  const maps: Map<number, string>[] = [];
  for (const stream of streams) {
    const text = stream.toString('latin1');
    if (!text.includes('begincmap')) continue;
    const map = new Map<number, string>();
    for (const block of text.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
      for (const [, src, dst] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(src ?? '0', 16), utf16beHex(dst ?? ''));
    }
    for (const block of text.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
      for (const [, lo, hi, dst] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const start = parseInt(dst ?? '0', 16);
        for (let code = parseInt(lo ?? '0', 16), i = 0; code <= parseInt(hi ?? '0', 16); code += 1, i += 1) map.set(code, String.fromCharCode(start + i));
      }
    }
    maps.push(map);
  }
  return maps;
}

/**
 * The PDF's text, decoded: Chromium writes text as glyph ids (Identity-H) in its compressed
 * content streams, so plain searches see nothing. Every hex string shown (Tj/TJ) is decoded with
 * each font's ToUnicode map; one string per map, so whichever font drew a word, it is found.
 */
function pdfTexts(pdf: Buffer): string[] {
  const streams = pdfStreams(pdf);
  const shown = streams
    .map((stream) => stream.toString('latin1'))
    .filter((text) => /\bBT\b/.test(text))
    .flatMap((text) => (text.match(/BT[\s\S]*?ET/g) ?? []).map((block) => (block.match(/<([0-9A-Fa-f]+)>/g) ?? []).map((hex) => hex.slice(1, -1)).join('')));
  return toUnicodeMaps(streams).map((map) =>
    shown.map((hex) => {
      let line = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) line += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      return line;
    }).join('\n'),
  );
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return be;
}

function leaksIn(bytes: Buffer): string[] {
  const found: string[] = [];
  const utf8 = bytes.toString('utf8').toLowerCase();
  const latin1 = bytes.toString('latin1').toLowerCase();
  for (const needle of NEEDLES) {
    const lower = needle.toLowerCase();
    if (utf8.includes(lower) || latin1.includes(lower)) found.push(needle);
    if (bytes.includes(Buffer.from(needle, 'utf16le')) || bytes.includes(utf16be(needle))) found.push(`${needle} (UTF-16)`);
  }
  return found;
}

function forbiddenPatternsIn(text: string): string[] {
  return FORBIDDEN_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([name, pattern]) => `${name}: ${pattern.exec(text)?.[0] ?? ''}`);
}

function sheetNames(entries: Record<string, Uint8Array>): string[] {
  return Object.keys(entries).filter((name) => name.startsWith('xl/worksheets/'));
}

/** A sheet of the workbook, as the import reads it: its header and its rows of text. */
function sheetRows(bytes: Buffer, sheet: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = [];
  let header: string[] = [];
  openWorkbook(bytes, sheet).read({
    onHeader: (cells) => {
      header = cells;
    },
    onRecord: (record) => rows.push(record.cells),
  });
  return { header, rows };
}

/** The DOS date and time of every entry in the zip's central directory. */
function zipEntryDates(zip: Buffer): string[] {
  const dates: string[] = [];
  for (let at = zip.indexOf('PK\x01\x02', 0, 'latin1'); at !== -1; at = zip.indexOf('PK\x01\x02', at + 46, 'latin1')) {
    const time = zip.readUInt16LE(at + 12);
    const date = zip.readUInt16LE(at + 14);
    const pad = (n: number) => String(n).padStart(2, '0');
    dates.push(`${1980 + (date >> 9)}-${pad((date >> 5) & 15)}-${pad(date & 31)} ${pad(time >> 11)}:${pad((time >> 5) & 63)}`);
  }
  return dates;
}

describe('nothing identifying leaves the machine', () => {
  const folder = mkdtempSync(join(tmpdir(), 'casebook-leak-'));
  let store: Store;
  let chromium: ChromiumPrinter;
  const printed: string[] = [];
  let printer: PdfPrinter;

  beforeAll(async () => {
    store = await fill(folder);
    chromium = await openChromiumPrinter();
    printer = async (html) => {
      printed.push(html);
      return chromium.print(html);
    };
  }, 60_000);
  afterAll(async () => {
    store?.close();
    await chromium?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const cases = (['year', 'quarter', 'month'] as const).flatMap((period) =>
    (['csv', 'json', 'pdf', 'xlsx'] as const).map((format) => ({ period, format, language: ({ year: 'sr-Latn', quarter: 'sr-Cyrl', month: 'en' } as const)[period] })),
  );

  test.each(cases)('$format by $period ($language)', async ({ period, format, language }) => {
    const written = await writeSummaryExport(store, { format, period, language, filter: {} }, printer);
    const bytes = written.bytes;
    expect(bytes.length).toBeGreaterThan(500);
    expect(leaksIn(bytes)).toEqual([]);
    if (format === 'pdf') {
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const html = printed.at(-1) ?? '';
      expect(leaksIn(Buffer.from(html, 'utf8'))).toEqual([]);
      expect(forbiddenPatternsIn(html)).toEqual([]);
      // No script, no remote resource, nothing to fetch.
      expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)|src=|url\(/i);
      for (const stream of pdfStreams(bytes)) {
        expect(leaksIn(stream)).toEqual([]);
        // (Digit runs inside font programs and drawing operators look like times or phone
        // numbers; those exact strings are covered by the needles above.)
        const structural = forbiddenPatternsIn(stream.toString('latin1')).filter((hit) => !/^(time of day|phone number)/.test(hit));
        expect(structural).toEqual([]);
      }
      // The text itself, decoded from the glyphs: the report's words are there, the secrets are not.
      const texts = pdfTexts(bytes);
      const label = language === 'en' ? 'Lives saved' : language === 'sr-Cyrl' ? 'Спасени животи' : 'Spaseni životi';
      expect(texts.some((text) => text.includes(label))).toBe(true);
      for (const text of texts) {
        expect(leaksIn(Buffer.from(text, 'utf8'))).toEqual([]);
        expect(forbiddenPatternsIn(text)).toEqual([]);
      }
      // Chromium's creation stamps are cut to the first of the month.
      const stamps = bytes.toString('latin1').match(/D:\d{14}/g) ?? [];
      expect(stamps.length).toBeGreaterThan(0);
      for (const stamp of stamps) expect(stamp).toMatch(/^D:\d{6}01000000$/);
      expect(html).toContain(language === 'en' ? 'Lives saved' : language === 'sr-Cyrl' ? 'Спасени животи' : 'Spaseni životi');
    } else if (format === 'xlsx') {
      const entries = unzipSync(bytes);
      // Nothing but the parts a workbook needs: no document properties (author, times).
      expect(Object.keys(entries).sort()).toEqual(
        ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', ...sheetNames(entries)].sort(),
      );
      for (const [name, content] of Object.entries(entries)) {
        const xml = Buffer.from(content);
        expect(leaksIn(xml), name).toEqual([]);
        expect(forbiddenPatternsIn(xml.toString('utf8')), name).toEqual([]);
        // No formulas, and every text cell is quote-prefixed text.
        expect(xml.toString('utf8'), name).not.toMatch(/<f[ >]/);
        for (const cell of xml.toString('utf8').match(/<c [^>]*t="inlineStr"[^>]*>/g) ?? []) expect(cell).toMatch(/ s="[12]"/);
      }
      expect(Buffer.from(entries['xl/styles.xml'] ?? []).toString('utf8')).toMatch(/<xf [^>]*quotePrefix="1"[^>]*\/><xf [^>]*quotePrefix="1"/);
      // Each entry dated 1980-01-01 00:00: the file does not tell when it was made.
      expect(zipEntryDates(bytes)).toEqual(Object.keys(entries).map(() => '1980-01-01 00:00'));
      // Read back as the import reads a workbook: every sheet holds exactly the JSON's tables.
      const summary = JSON.parse((await writeSummaryExport(store, { format: 'json', period, language, filter: {} }, printer)).bytes.toString('utf8')) as SummaryExport;
      expect(summary.crises.totals.crises).toBe(90);
      const tables = summaryTables(summary);
      expect(openWorkbook(bytes).sheetNames).toEqual(['about', 'notes', ...tables.map((table) => table.name)]);
      expect(sheetRows(bytes, 'notes')).toEqual({ header: ['note'], rows: summary.notes.map((note) => [note]) });
      for (const table of tables) {
        const expected = table.rows.map((row) => table.columns.map((column) => (row[column] === null ? 'x' : String(row[column]))));
        expect(sheetRows(bytes, table.name), table.name).toEqual({ header: [...table.columns], rows: expected });
      }
      // The same summary gives the same bytes.
      expect((await writeSummaryExport(store, { format, period, language, filter: {} }, printer)).sha256).toBe(written.sha256);
    } else {
      const text = bytes.toString('utf8');
      expect(forbiddenPatternsIn(text)).toEqual([]);
      const summary: SummaryExport =
        format === 'json'
          ? (JSON.parse(text) as SummaryExport)
          : (JSON.parse((await writeSummaryExport(store, { format: 'json', period, language, filter: {} }, printer)).bytes.toString('utf8')) as SummaryExport);
      // Enough is published for the test to mean something, and nothing hidden can be recovered.
      expect(summary.crises.totals.crises).toBe(90);
      expect(smallPublishedCounts(summary)).toEqual([]);
      expect(singleHiddenLines(summary)).toEqual([]);
      expect(disclosures(summary)).toEqual([]);
      // Nothing finer than a month: periods and the production month only.
      expect(summary.generatedMonth).toMatch(/^\d{4}-\d{2}$/);
      for (const key of summary.scope.periods) expect(key).toMatch(/^\d{4}(-Q[1-4]|-\d{2})?$/);
    }
  });

  test('the JSON holds only the documented fields', async () => {
    const written = await writeSummaryExport(store, { format: 'json', period: 'quarter', filter: {} }, printer);
    const keys = new Set<string>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
      }
    };
    walk(JSON.parse(written.bytes.toString('utf8')));
    expect([...keys].sort()).toEqual(
      [
        'format', 'formatVersion', 'generatedMonth', 'language', 'scope', 'teams', 'period', 'periods', 'k', 'includesHotline', 'notes',
        'crises', 'totals', 'byTeam', 'byPeriod', 'byTeamAndPeriod', 'byType', 'byOutcome', 'byTypeAndOutcome', 'cells',
        'team', 'type', 'outcome', 'resolved', 'hostagesReleased', 'suicidesPrevented', 'livesSaved',
        'hotline', 'byThreat', 'byUrgency', 'byAction', 'threat', 'urgency', 'action', 'calls',
      ].sort(),
    );
  });
});

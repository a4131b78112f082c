// Reading one spreadsheet cell as a domain value: teams, dates, enums, counts and text.
// Each reader returns the value or a problem: a code with the values it names, for the UI to say in
// its own language, and the same said in plain English words (what the CLI prints).
import { TEAMS, type TeamSlug } from '@shared/domain';
import { CANONICAL_INSTANT, serbianWallClockToInstant } from '@shared/time';

export interface Problem {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export type CellValue<T> = { ok: true; value: T } | ({ ok: false } & Problem);

const ok = <T>(value: T): CellValue<T> => ({ ok: true, value });
const problem = (code: string, params: Record<string, string | number>, message: string): Problem => ({ code, params, message });
const fail = (found: Problem): CellValue<never> => ({ ok: false, ...found });

// ---- Text folding --------------------------------------------------------------------------

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ђ: 'đ', е: 'e', ж: 'ž', з: 'z', и: 'i', ј: 'j', к: 'k', л: 'l', љ: 'lj',
  м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ћ: 'ć', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'č',
  џ: 'dž', ш: 'š',
};

/** Serbian Cyrillic to Latin (gaj's alphabet), lower case. */
export function transliterate(text: string): string {
  let latin = '';
  for (const character of text.toLocaleLowerCase('sr')) latin += CYRILLIC_TO_LATIN[character] ?? character;
  return latin;
}

/** A key for comparing names: Latin, no diacritics (đ → dj), lower case, letters and digits only. */
export function foldForMatching(text: string): string {
  return transliterate(text.normalize('NFC'))
    .replace(/đ/g, 'dj')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Trimmed and in NFC, so the same word typed on two machines is stored the same way. */
export function readText(cell: string): string {
  return cell.trim().normalize('NFC');
}

export function readTextCell(cell: string): CellValue<string> {
  return ok(readText(cell));
}

// ---- Teams -----------------------------------------------------------------------------------

const TEAM_BY_KEY = new Map<string, TeamSlug>(
  TEAMS.flatMap((team) => [
    [foldForMatching(team.slug), team.slug],
    [foldForMatching(team.name), team.slug],
  ]),
);
const TEAM_NAMES = TEAMS.map((team) => team.name).join(', ');

/** A team by its slug or Serbian name, in Latin with or without diacritics or in Cyrillic, any case. */
export function readTeam(cell: string): CellValue<TeamSlug> {
  const slug = TEAM_BY_KEY.get(foldForMatching(cell));
  return slug ? ok(slug) : fail(problem('unknown_team', { value: cell.trim(), expected: TEAM_NAMES }, `Unknown team "${cell.trim()}"; expected one of ${TEAM_NAMES}.`));
}

// ---- Enums and counts ------------------------------------------------------------------------

/** Schema values in any case, with spaces or hyphens for underscores: "Talked down" → talked_down. */
export function readEnum<T extends string>(cell: string, values: readonly T[]): CellValue<T> {
  const key = cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const value = values.find((candidate) => candidate === key);
  return value ? ok(value) : fail(problem('invalid_choice', { value: cell.trim(), expected: values.join(', ') }, `Invalid value "${cell.trim()}"; expected one of ${values.join(', ')}.`));
}

/** As readEnum, but an empty cell is null. */
export function readOptionalEnum<T extends string>(cell: string, values: readonly T[]): CellValue<T | null> {
  return cell.trim() === '' ? ok(null) : readEnum(cell, values);
}

/** A whole number of zero or more; an empty cell is undefined, so the schema's default applies. */
export function readCount(cell: string): CellValue<number | undefined> {
  const text = cell.trim();
  if (text === '') return ok(undefined);
  if (!/^\d{1,9}$/.test(text)) return fail(problem('not_whole_number', { value: text }, `"${text}" is not a whole number of zero or more.`));
  return ok(Number(text));
}

// ---- Dates -----------------------------------------------------------------------------------

const DATE_FORMATS =
  'YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS], DD.MM.YYYY[.] [HH:MM[:SS]] (Serbian time) or ISO 8601 with Z or an offset';

/** 2024-03-05, 2024-03-05 14:30, 2024-03-05T14:30:15 — Serbian wall-clock time. */
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?$/i;
/** 05.03.2024., 5. 3. 2024 14:30 — the Serbian way of writing dates, also wall-clock time. */
const SERBIAN_LOCAL = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\.?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** 2024-03-05T13:30:00Z, 2024-03-05 14:30+01:00 — an instant as such. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export const EARLIEST_YEAR = 1950;
export const LATEST_YEAR = 2100;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkWallClock(clock: WallClock, text: string): Problem | null {
  if (clock.year < EARLIEST_YEAR || clock.year > LATEST_YEAR) {
    return problem('year_out_of_range', { value: text, from: EARLIEST_YEAR, to: LATEST_YEAR }, `The year in "${text}" is outside ${EARLIEST_YEAR}–${LATEST_YEAR}.`);
  }
  if (clock.month < 1 || clock.month > 12 || clock.day < 1 || clock.day > daysInMonth(clock.year, clock.month)) {
    return problem('not_calendar_date', { value: text }, `"${text}" is not a real calendar date.`);
  }
  if (clock.hour > 23 || clock.minute > 59 || clock.second > 59) return problem('invalid_time', { value: text }, `"${text}" is not a valid time of day.`);
  return null;
}

function wallClockOf(parts: (string | undefined)[], order: 'ymd' | 'dmy'): WallClock {
  const [a, b, c, hour, minute, second] = parts.map((part) => (part === undefined ? 0 : Number(part)));
  return order === 'ymd'
    ? { year: a ?? 0, month: b ?? 0, day: c ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 }
    : { year: c ?? 0, month: b ?? 0, day: a ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
}

/**
 * Serbia's UTC offset (ms) for a whole calendar day, or null on a day the clocks change. Working
 * out an offset through Intl is slow (tens of microseconds), and a large import repeats days.
 */
const dayOffsets = new Map<number, number | null>();
const MAX_CACHED_DAYS = 100_000;

function offsetOfDay(year: number, month: number, day: number): number | null {
  const key = year * 10_000 + month * 100 + day;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const atStart = Date.UTC(year, month - 1, day, 0, 0, 0) - Date.parse(serbianWallClockToInstant(year, month, day, 0, 0, 0));
    const atEnd = Date.UTC(year, month - 1, day, 23, 59, 59) - Date.parse(serbianWallClockToInstant(year, month, day, 23, 59, 59));
    offset = atStart === atEnd ? atStart : null;
    if (dayOffsets.size >= MAX_CACHED_DAYS) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/** serbianWallClockToInstant, with the day's offset cached; a day with a clock change is worked out in full. */
export function wallClockToInstant({ year, month, day, hour, minute, second }: WallClock): string {
  const offset = offsetOfDay(year, month, day);
  if (offset === null) return serbianWallClockToInstant(year, month, day, hour, minute, second);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset).toISOString();
}

function fromWallClock(clock: WallClock, text: string): CellValue<string> {
  const found = checkWallClock(clock, text);
  return found ? fail(found) : ok(wallClockToInstant(clock));
}

function fromInstant(match: RegExpExecArray, text: string): CellValue<string> {
  const found = checkWallClock(wallClockOf(match.slice(1, 7), 'ymd'), text);
  if (found) return fail(found);
  // As the store keeps instants (what the app's own exports write): a real calendar time, so
  // parsing and formatting it again gives the same text.
  if (CANONICAL_INSTANT.test(text)) return ok(text);
  const time = Date.parse(text.replace(' ', 'T').toUpperCase().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? fail(problem('invalid_date_time', { value: text }, `"${text}" is not a valid date and time.`)) : ok(new Date(time).toISOString());
}

/**
 * A date or date-time cell as a UTC instant ('…Z'). Dates and times without an offset are
 * Serbian wall-clock time (a date alone is local midnight); ISO instants with Z or an offset
 * are taken as they are. An empty cell is null.
 */
export function readInstant(cell: string): CellValue<string | null> {
  const text = cell.trim();
  if (text === '') return ok(null);
  const instant = ISO_INSTANT.exec(text);
  if (instant) return fromInstant(instant, text);
  const iso = ISO_LOCAL.exec(text);
  if (iso) return fromWallClock(wallClockOf(iso.slice(1, 7), 'ymd'), text);
  const serbian = SERBIAN_LOCAL.exec(text);
  if (serbian) return fromWallClock(wallClockOf(serbian.slice(1, 7), 'dmy'), text);
  return fail(problem('not_a_date', { value: text }, `"${text}" is not a date; use ${DATE_FORMATS}.`));
}

// Instants are stored as UTC; days, months and years are counted in Serbia's own time zone.
import { TZDate } from '@date-fns/tz';

export const SERBIA_TIME_ZONE = 'Europe/Belgrade';

/** An instant as the store keeps it: UTC with milliseconds ('…Z'). */
export const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Normalises any ISO-8601 instant with an offset to UTC with milliseconds ('…Z'). */
export function toUtcInstant(value: string): string {
  // Most values already are; parsing and formatting them again is most of an import row's date work.
  return CANONICAL_INSTANT.test(value) ? value : new Date(value).toISOString();
}

// One formatter, made once: Intl is several times faster than TZDate + format per call, and an
// import of 100,000 rows asks for a day for every row.
const serbianCalendar = new Intl.DateTimeFormat('en-US', {
  timeZone: SERBIA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const serbianHour = new Intl.DateTimeFormat('en-US', { timeZone: SERBIA_TIME_ZONE, hour: 'numeric', hourCycle: 'h23' });
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Serbia's offset from UTC in whole hours at an instant (it has only ever been whole hours). */
function serbianOffsetHoursAt(time: number): number {
  return (Number(serbianHour.format(time)) - new Date(time).getUTCHours() + 24) % 24;
}

/**
 * Serbia's offset throughout one UTC day, or null on a day the clocks change. Intl takes a few
 * microseconds per call, and an import asks for a day on every row; days repeat.
 */
const offsetOfUtcDay = new Map<number, number | null>();
const MAX_CACHED_DAYS = 100_000;

function serbianOffsetOfUtcDay(utcDay: number): number | null {
  let offset = offsetOfUtcDay.get(utcDay);
  if (offset === undefined) {
    const atStart = serbianOffsetHoursAt(utcDay * DAY_MS);
    offset = atStart === serbianOffsetHoursAt(utcDay * DAY_MS + DAY_MS - 1) ? atStart : null;
    if (offsetOfUtcDay.size >= MAX_CACHED_DAYS) offsetOfUtcDay.clear();
    offsetOfUtcDay.set(utcDay, offset);
  }
  return offset;
}

/** The calendar day, YYYY-MM-DD, on which an instant falls in Serbia. */
export function serbianDayOf(instant: string): string {
  const time = Date.parse(instant);
  const offset = Number.isNaN(time) ? null : serbianOffsetOfUtcDay(Math.floor(time / DAY_MS));
  if (offset !== null && time >= 0) return new Date(time + offset * HOUR_MS).toISOString().slice(0, 10);
  return serbianDayByIntl(instant);
}

/** serbianDayOf worked out by Intl alone: days the clocks change, and what Date.parse cannot read. */
export function serbianDayByIntl(instant: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of serbianCalendar.formatToParts(new Date(instant))) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/** Reads a wall-clock time in Serbia (YYYY-MM-DD[ T]HH:mm[:ss]) as an instant, DST included. */
export function serbianWallClockToInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string {
  return new Date(new TZDate(year, month - 1, day, hour, minute, second, SERBIA_TIME_ZONE).getTime()).toISOString();
}

export function todayInSerbia(now: Date = new Date()): string {
  return serbianDayOf(now.toISOString());
}

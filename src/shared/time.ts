// Instants are stored as UTC; days, months and years are counted in Serbia's own time zone.
import { TZDate } from '@date-fns/tz';

export const SERBIA_TIME_ZONE = 'Europe/Belgrade';

/** Normalises any ISO-8601 instant with an offset to UTC with milliseconds ('…Z'). */
export function toUtcInstant(value: string): string {
  return new Date(value).toISOString();
}

// One formatter, made once: Intl is several times faster than TZDate + format per call, and an
// import of 100,000 rows asks for a day for every row.
const serbianCalendar = new Intl.DateTimeFormat('en-US', {
  timeZone: SERBIA_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day, YYYY-MM-DD, on which an instant falls in Serbia. */
export function serbianDayOf(instant: string): string {
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

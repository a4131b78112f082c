// Instants are stored as UTC; days, months and years are counted in Serbia's own time zone.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

export const SERBIA_TIME_ZONE = 'Europe/Belgrade';

/** Normalises any ISO-8601 instant with an offset to UTC with milliseconds ('…Z'). */
export function toUtcInstant(value: string): string {
  return new Date(value).toISOString();
}

/** The calendar day, YYYY-MM-DD, on which an instant falls in Serbia. */
export function serbianDayOf(instant: string): string {
  return format(new TZDate(new Date(instant).getTime(), SERBIA_TIME_ZONE), 'yyyy-MM-dd');
}

/** Reads a wall-clock time in Serbia (YYYY-MM-DD[ T]HH:mm[:ss]) as an instant, DST included. */
export function serbianWallClockToInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string {
  return new Date(new TZDate(year, month - 1, day, hour, minute, second, SERBIA_TIME_ZONE).getTime()).toISOString();
}

export function todayInSerbia(now: Date = new Date()): string {
  return serbianDayOf(now.toISOString());
}

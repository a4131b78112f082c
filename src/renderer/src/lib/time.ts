// Every time the app shows or reads is Serbia's wall-clock time, whatever the computer's zone:
// the service counts days in Europe/Belgrade, so the UI does too.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { SERBIA_TIME_ZONE, serbianWallClockToInstant, todayInSerbia } from '@shared/time';

export { todayInSerbia };

export function inSerbia(instant: string | number | Date): TZDate {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  return new TZDate(ms, SERBIA_TIME_ZONE);
}

/** An instant as a date field's wall-clock value (YYYY-MM-DDTHH:mm[:ss]), in Serbia's time. */
export function toLocalInput(instant: string | number | Date, withSeconds = false): string {
  return format(inSerbia(instant), withSeconds ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm");
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * What a date field holds while what is typed in it is not yet a whole, real date: neither empty
 * nor a date, so the schema reports it as a wrong date rather than a missing one.
 */
export const INCOMPLETE_DATE = 'incomplete';

/**
 * A wall-clock value (YYYY-MM-DDTHH:mm[:ss]) read as Serbia's time: '' when empty, and
 * INCOMPLETE_DATE when it is not a complete, real date and time.
 */
export function fromLocalInput(value: string): string {
  if (value.trim() === '') return '';
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return INCOMPLETE_DATE;
  const [, y, mo, d, h, mi, s] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return INCOMPLETE_DATE;
  const instant = serbianWallClockToInstant(year, month, day, hour, minute, second);
  // Reject 31 February and the like: the wall clock must read back the same.
  const back = toLocalInput(instant, true);
  if (back.slice(0, 10) !== `${y}-${mo}-${d}`) return INCOMPLETE_DATE;
  return new Date(instant).toISOString();
}

/** A whole calendar day, YYYY-MM-DD: what a date filter bounds by (a half-typed date bounds nothing). */
export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

export function nowLocalInput(withSeconds = false): string {
  return toLocalInput(Date.now(), withSeconds);
}

/** Adds whole days to a YYYY-MM-DD calendar day. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/** "HH:MM:SS" for durations under a day, "Nd HH:MM:SS" beyond. */
export function splitDuration(ms: number): { days: number; clock: string } {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const rest = total % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    days,
    clock: `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`,
  };
}

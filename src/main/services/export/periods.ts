// Periods of the summary: years (2024), quarters (2024-Q1) or months (2024-03), always counted
// on the day a crisis started or a call came in, in Serbia's calendar (the stored *_on columns).
import { sql } from 'kysely';
import type { SummaryPeriod } from '@shared/exchange';
import { CasebookError } from '@shared/errors';

/**
 * Longest range an export may span, in periods: a century of months, so the teams' whole history
 * since 2004 and decades more fit by month. It bounds the work of one export (the suppression's
 * exact check grows with the cells), not what the data may hold.
 */
export const MAX_PERIODS = 1_200;

export function periodOfDay(day: string, period: SummaryPeriod): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (period === 'year') return year;
  if (period === 'month') return day.slice(0, 7);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

function parsePeriod(key: string): { year: number; firstMonth: number; months: number } {
  const year = Number(key.slice(0, 4));
  if (/^\d{4}$/.test(key)) return { year, firstMonth: 1, months: 12 };
  const quarter = /^\d{4}-Q([1-4])$/.exec(key);
  if (quarter) return { year, firstMonth: (Number(quarter[1]) - 1) * 3 + 1, months: 3 };
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(key)) return { year, firstMonth: Number(key.slice(5, 7)), months: 1 };
  throw new Error(`Not a period: ${key}`);
}

const pad = (n: number) => String(n).padStart(2, '0');
const padYear = (n: number) => String(n).padStart(4, '0');
const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysIn = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/** The first day of a period, YYYY-MM-DD. */
export function periodStart(key: string): string {
  const { year, firstMonth } = parsePeriod(key);
  return `${padYear(year)}-${pad(firstMonth)}-01`;
}

/** The last day of a period, YYYY-MM-DD. */
export function periodEnd(key: string): string {
  const { year, firstMonth, months } = parsePeriod(key);
  const lastMonth = firstMonth + months - 1;
  return `${padYear(year)}-${pad(lastMonth)}-${pad(daysIn(year, lastMonth))}`;
}

export function nextPeriod(key: string, period: SummaryPeriod): string {
  const { year, firstMonth, months } = parsePeriod(key);
  const month = firstMonth + months;
  const day = month > 12 ? `${padYear(year + 1)}-01-01` : `${padYear(year)}-${pad(month)}-01`;
  return periodOfDay(day, period);
}

/** Every period from first to last, inclusive. */
export function periodsBetween(first: string, last: string, period: SummaryPeriod): string[] {
  const periods: string[] = [];
  for (let key = first; key <= last; key = nextPeriod(key, period)) {
    periods.push(key);
    if (periods.length > MAX_PERIODS) {
      throw new CasebookError('VALIDATION', `An export may span at most ${MAX_PERIODS} periods; choose a shorter range or a longer period.`, [
        { path: 'filter', message: 'range_too_long' },
      ]);
    }
  }
  return periods;
}

/**
 * Widens a date filter to whole periods: a partial period is never published under a whole
 * period's name, and two exports cut a few days apart cannot be subtracted to isolate those days.
 */
export function snapToPeriods(filter: { from?: string | undefined; to?: string | undefined }, period: SummaryPeriod) {
  return {
    from: filter.from ? periodStart(periodOfDay(filter.from, period)) : undefined,
    to: filter.to ? periodEnd(periodOfDay(filter.to, period)) : undefined,
  };
}

/** The SQL expression for the period of a stored day (YYYY-MM-DD) or month (YYYY-MM) column. */
export function periodExpression(
  column: 'crises.started_on' | 'hotline_calls.received_on' | 'crisis_aggregates.month' | 'hotline_aggregates.month',
  period: SummaryPeriod,
) {
  const day = sql.ref(column);
  if (period === 'year') return sql<string>`substr(${day}, 1, 4)`;
  if (period === 'month') return sql<string>`substr(${day}, 1, 7)`;
  return sql<string>`substr(${day}, 1, 4) || '-Q' || ((cast(substr(${day}, 6, 2) AS INTEGER) + 2) / 3)`;
}

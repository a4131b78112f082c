// The day an instant falls on in Serbia, and ids: the fast paths must give exactly what the slow ones give.
import { describe, expect, test } from 'vitest';
import { serbianDayByIntl, serbianDayOf, toUtcInstant } from '@shared/time';
import { newId } from '../src/main/services/common';

describe('serbianDayOf', () => {
  test('agrees with Intl for instants spread over decades, at every minute offset', () => {
    for (let time = Date.UTC(1975, 0, 1); time < Date.UTC(2040, 0, 1); time += 86_400_000 * 5 + 3_600_000 * 5 + 60_000 * 7 + 1_234) {
      const instant = new Date(time).toISOString();
      expect(serbianDayOf(instant)).toBe(serbianDayByIntl(instant));
    }
  });

  test('agrees with Intl through the hours around midnight and on the days the clocks change', () => {
    for (const day of ['2024-03-30', '2024-03-31', '2024-04-01', '2024-10-26', '2024-10-27', '2024-10-28', '2025-03-30', '2025-10-26']) {
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const instant = new Date(Date.parse(`${day}T00:00:00.000Z`) + minute * 60_000).toISOString();
        expect(serbianDayOf(instant)).toBe(serbianDayByIntl(instant));
      }
    }
    expect(serbianDayOf('2024-03-30T22:59:59.999Z')).toBe('2024-03-30');
    expect(serbianDayOf('2024-03-30T23:00:00.000Z')).toBe('2024-03-31');
    expect(serbianDayOf('2024-07-01T21:59:59.999Z')).toBe('2024-07-01');
    expect(serbianDayOf('2024-07-01T22:00:00.000Z')).toBe('2024-07-02');
  });

  test('takes instants with an offset too', () => {
    expect(serbianDayOf('2024-07-01T23:30:00+02:00')).toBe('2024-07-01');
    expect(serbianDayOf('2024-07-01T23:30:00-05:00')).toBe('2024-07-02');
  });
});

test('toUtcInstant returns canonical instants as they are and normalises the rest', () => {
  expect(toUtcInstant('2024-03-05T13:30:00.000Z')).toBe('2024-03-05T13:30:00.000Z');
  expect(toUtcInstant('2024-03-05T14:30:00+01:00')).toBe('2024-03-05T13:30:00.000Z');
  expect(toUtcInstant('2024-03-05T13:30:00Z')).toBe('2024-03-05T13:30:00.000Z');
});

test('newId makes UUIDv7s that increase in the order they were made, and never repeat', () => {
  const ids = Array.from({ length: 20_000 }, () => newId());
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
  for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

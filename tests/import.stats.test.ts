// Statistics after importing two small fixtures whose figures were counted by hand:
//
// tests/fixtures/crises-small.csv — 7 crises, 3 teams, 2 (Serbian) years:
//   line  team      Serbian day  outcome      resolved  released  prevented
//   2     Beograd   2023-02-10   released     yes       3         0
//   3     Beograd   2023-07-04   talked_down  yes       0         1
//   4     Beograd   2024-01-01*  tactical     no        0         0   (*2023-12-31T23:30Z: already 2024 in Serbia)
//   5     Novi Sad  2023-11-05   surrender    yes       1         0
//   6     Novi Sad  2024-05-12   (open)       no        0         0
//   7     Niš       2024-03-30   talked_down  yes       0         1   (runs through the spring clock change)
//   8     Niš       2024-08-15   suicide      no        0         0
// All: 7 crises, 4 resolved, 4 released, 2 prevented, 6 lives saved.
// Beograd 3/2/3/1/4, Novi Sad 2/1/1/0/1, Niš 2/1/0/1/1; 2023 3/3/4/1/5, 2024 4/1/0/1/1.
//
// tests/fixtures/hotline-small.csv — 5 calls: 2023 ×2, 2024 ×3 (one at 2023-12-31T23:30Z, i.e.
// 2024 in Serbia); threat ×2, physical_attack, online_harassment, surveillance ×1 each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importSpreadsheet } from '../src/main/services/import';
import { listMembers } from '../src/main/services/members';
import { statisticsSummary } from '../src/main/services/statistics';
import type { Store } from '../src/main/store';
import { newTestStore } from './support/tempStore';

const FIXTURES = join(import.meta.dirname, 'fixtures');

const totals = (total: number, resolved: number, hostagesReleased: number, suicidesPrevented: number, livesSaved: number) => ({
  total,
  resolved,
  hostagesReleased,
  suicidesPrevented,
  livesSaved,
});

async function storeWithFixtures(): Promise<Store> {
  const { store } = await newTestStore();
  const crises = importSpreadsheet(store, readFileSync(join(FIXTURES, 'crises-small.csv')), { kind: 'crises' });
  const hotline = importSpreadsheet(store, readFileSync(join(FIXTURES, 'hotline-small.csv')), { kind: 'hotline' });
  expect(crises).toMatchObject({ rowsRead: 7, imported: 7, invalid: [], warnings: [], membersCreated: 4 });
  expect(hotline).toMatchObject({ rowsRead: 5, imported: 5, invalid: [], warnings: [] });
  return store;
}

describe('statistics of the hand-counted fixtures', () => {
  test('all time', async () => {
    const store = await storeWithFixtures();
    const stats = statisticsSummary(store);
    expect(stats.crises).toEqual(totals(7, 4, 4, 2, 6));
    expect(stats.crisesByTeam).toEqual({
      belgrade: totals(3, 2, 3, 1, 4),
      nis: totals(2, 1, 0, 1, 1),
      'novi-sad': totals(2, 1, 1, 0, 1),
    });
    expect(stats.crisesByYear).toEqual({ '2023': totals(3, 3, 4, 1, 5), '2024': totals(4, 1, 0, 1, 1) });
    expect(stats.crisesByOutcome).toMatchObject({ open: totals(1, 0, 0, 0, 0), talked_down: totals(2, 2, 0, 2, 2) });
    expect(stats.hotline).toMatchObject({
      total: 5,
      byYear: { '2023': 2, '2024': 3 },
      byThreat: { threat: 2, physical_attack: 1, online_harassment: 1, surveillance: 1 },
    });
  });

  test('by team and period', async () => {
    const store = await storeWithFixtures();
    expect(statisticsSummary(store, { teamSlug: 'belgrade' }).crises).toEqual(totals(3, 2, 3, 1, 4));
    const in2024 = statisticsSummary(store, { from: '2024-01-01', to: '2024-12-31' });
    expect(in2024.crises).toEqual(totals(4, 1, 0, 1, 1));
    expect(in2024.hotline.total).toBe(3);
  });

  test('lead negotiators were matched within their team, and created once each', async () => {
    const store = await storeWithFixtures();
    const names = listMembers(store).map((member) => `${member.teamSlug}: ${member.name}`);
    expect(names).toEqual(['belgrade: Ana Jovanović', 'belgrade: Marko Petrović', 'nis: Jelena Ilić', 'novi-sad: Ivan Kovač']);
  });

  test('the README examples import cleanly: semicolons, BOM, CRLF, Serbian dates, Cyrillic team names', async () => {
    const { store } = await newTestStore();
    const crises = importSpreadsheet(store, readFileSync(join(FIXTURES, 'example-crises.csv')), { kind: 'crises' });
    const hotline = importSpreadsheet(store, readFileSync(join(FIXTURES, 'example-hotline.csv')), { kind: 'hotline' });
    expect(crises).toMatchObject({ rowsRead: 12, imported: 12, invalid: [], warnings: [], committed: true });
    expect(hotline).toMatchObject({ rowsRead: 7, imported: 7, invalid: [], warnings: [], committed: true });
    const stats = statisticsSummary(store);
    expect(stats.crises).toEqual(totals(12, 8, 9, 3, 12));
    expect(Object.keys(stats.crisesByTeam).sort()).toEqual(['belgrade', 'kragujevac', 'kraljevo', 'nis', 'novi-sad']);
    expect(stats.hotline.total).toBe(7);
  });
});

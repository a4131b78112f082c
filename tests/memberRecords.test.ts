// Each negotiator's record and the team's load per member, on the real encrypted store, against
// figures worked out by hand from the seeded crises.
import { describe, expect, test } from 'vitest';
import { closeCrisis, createCrisis, getCrisis } from '../src/main/services/crises';
import { createMember } from '../src/main/services/members';
import { memberLoad, memberRecord } from '../src/main/services/memberRecords';
import type { Store } from '../src/main/store';
import { newTestStore } from './support/tempStore';

/** Three crises in Niš: Ana leads two and coaches one of them too; Petar keeps the log of one. */
function seed(store: Store) {
  const ana = createMember(store, { teamSlug: 'nis', name: 'Ana Ilić', callSign: 'Sova', role: 'negotiator' });
  const petar = createMember(store, { teamSlug: 'nis', name: 'Petar Jovanović', callSign: 'Vuk', role: 'log_keeper' });
  const idle = createMember(store, { teamSlug: 'nis', name: 'Zoran Idić', callSign: 'Ris', role: 'coach' });
  const gone = createMember(store, { teamSlug: 'nis', name: 'Bivši Član', callSign: 'X', role: 'coach', active: false });
  const other = createMember(store, { teamSlug: 'belgrade', name: 'Beograđanka', callSign: 'B', role: 'negotiator' });
  // 2024-02-10 10:00-13:30 (3.5 h), hostage, surrender: Ana lead and coach, Petar log keeper.
  const first = createCrisis(store, {
    teamSlug: 'nis', startedAt: '2024-02-10T10:00:00+01:00', type: 'hostage', hostages: 1,
    deployments: [{ memberId: ana.id, role: 'lead_negotiator' }, { memberId: ana.id, role: 'coach' }, { memberId: petar.id, role: 'log_keeper' }],
  });
  closeCrisis(store, { id: first.id, version: getCrisis(store, first.id).version, endedAt: '2024-02-10T13:30:00+01:00', outcome: 'surrender' });
  // 2025-06-01 22:00 to 2025-06-02 04:15 (6.25 h), barricade, talked down: Ana lead.
  const second = createCrisis(store, {
    teamSlug: 'nis', startedAt: '2025-06-01T22:00:00+02:00', type: 'barricade', deployments: [{ memberId: ana.id, role: 'lead_negotiator' }],
  });
  closeCrisis(store, { id: second.id, version: getCrisis(store, second.id).version, endedAt: '2025-06-02T04:15:00+02:00', outcome: 'talked_down' });
  // Running since 2026-12-06 08:00 Serbian time: Ana lead; "now" is fixed at 10:30 (2.5 h).
  const running = createCrisis(store, {
    teamSlug: 'nis', startedAt: '2026-12-06T08:00:00+01:00', type: 'barricade', deployments: [{ memberId: ana.id, role: 'lead_negotiator' }],
  });
  // Another team's crisis, with its own member: counted for nobody in Niš.
  createCrisis(store, { teamSlug: 'belgrade', startedAt: '2025-01-01T10:00:00+01:00', type: 'other', deployments: [{ memberId: other.id, role: 'lead_negotiator' }] });
  return { ana, petar, idle, gone, first, second, running };
}

const NOW = '2026-12-06T09:30:00.000Z';

describe('a member’s record', () => {
  test('deployments newest first with every role, counts by role, type and outcome, hours and the last deployment', async () => {
    const { store } = await newTestStore();
    const { ana, petar, idle, first, second, running } = seed(store);

    const record = memberRecord(store, ana.id, NOW);
    expect(record.member).toMatchObject({ id: ana.id, name: 'Ana Ilić' });
    expect(record.deployments.map((d) => [d.crisisId, d.roles, d.status, d.outcome])).toEqual([
      [running.id, ['lead_negotiator'], 'open', null],
      [second.id, ['lead_negotiator'], 'closed', 'talked_down'],
      [first.id, ['coach', 'lead_negotiator'], 'closed', 'surrender'],
    ]);
    expect(record.crises).toBe(3);
    expect(record.byRole).toEqual([{ key: 'lead_negotiator', count: 3 }, { key: 'coach', count: 1 }]);
    expect(record.byType).toEqual([{ key: 'barricade', count: 2 }, { key: 'hostage', count: 1 }]);
    expect(record.byOutcome).toEqual([{ key: 'open', count: 1 }, { key: 'surrender', count: 1 }, { key: 'talked_down', count: 1 }]);
    // 3.5 + 6.25 + 2.5 hours; the crisis where she had two roles counts once.
    expect(record.hoursDeployed).toBe(12.25);
    expect(record.lastDeployment?.crisisId).toBe(running.id);

    const log = memberRecord(store, petar.id, NOW);
    expect([log.crises, log.hoursDeployed, log.byRole]).toEqual([1, 3.5, [{ key: 'log_keeper', count: 1 }]]);
    expect(memberRecord(store, idle.id, NOW)).toMatchObject({ crises: 0, deployments: [], byRole: [], hoursDeployed: 0, lastDeployment: null });
    expect(() => memberRecord(store, '0190f0f0-0000-7000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('the team’s load: deployments and hours per member over a period, busiest first', async () => {
    const { store } = await newTestStore();
    const { ana, petar, idle } = seed(store);
    const all = memberLoad(store, { teamSlug: 'nis' }, NOW);
    // The inactive member with no deployment is left out; the idle active one stays, at zero.
    expect(all.map((row) => [row.memberId, row.deployments, row.hours])).toEqual([
      [ana.id, 3, 12.25],
      [petar.id, 1, 3.5],
      [idle.id, 0, 0],
    ]);
    const in2025 = memberLoad(store, { teamSlug: 'nis', from: '2025-01-01', to: '2025-12-31' }, NOW);
    expect(in2025.map((row) => [row.name, row.deployments, row.hours])).toEqual([
      ['Ana Ilić', 1, 6.25],
      ['Petar Jovanović', 0, 0],
      ['Zoran Idić', 0, 0],
    ]);
    expect(() => memberLoad(store, { teamSlug: 'subotica' } as never)).toThrow(/teamSlug/);
  });
});

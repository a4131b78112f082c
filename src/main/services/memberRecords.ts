// Each negotiator's record for training and certification, and the team's load per member:
// counted in SQL from the deployments (crisis_deployments_by_member) and the crises they name.
import { sql } from 'kysely';
import type { CrisisOutcome, CrisisType, DeploymentRole } from '@shared/domain';
import { type MemberDeployment, type MemberLoad, type MemberLoadQuery, type MemberRecord, memberLoadQuery } from '@shared/memberRecords';
import { validationError } from '@shared/errors';
import type { Store } from '../store';
import { getMember } from './members';
import { now } from './common';

/** Hours from a crisis's start to its end; a crisis still running counts up to `until`. */
function hoursOf(until: string) {
  return sql<number>`coalesce(sum((julianday(coalesce(c.ended_at, ${until})) - julianday(c.started_at)) * 24), 0)`;
}

/** The crises a member was deployed to (each once, whatever their roles in it). */
function crisesOf(store: Store, memberId: string) {
  return store.qb.selectFrom('crisis_deployments').select('crisis_id').where('member_id', '=', memberId);
}

export function memberRecord(store: Store, memberId: string, until = now()): MemberRecord {
  const member = getMember(store, memberId);
  const rows = store.all(
    store.qb
      .selectFrom('crisis_deployments as d')
      .innerJoin('crises as c', 'c.id', 'd.crisis_id')
      .select(['c.id', 'c.reference', 'c.started_at', 'c.ended_at', 'c.type', 'c.outcome', 'd.role'])
      .where('d.member_id', '=', memberId)
      .orderBy('c.started_at', 'desc')
      .orderBy('c.id', 'desc')
      .orderBy('d.role'),
  );
  // One entry per crisis, with every role the member had in it (rows arrive grouped by crisis).
  const deployments: MemberDeployment[] = [];
  for (const row of rows) {
    const last = deployments.at(-1);
    if (last?.crisisId === row.id) {
      last.roles.push(row.role as DeploymentRole);
      continue;
    }
    deployments.push({
      crisisId: row.id,
      reference: row.reference,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      type: row.type as CrisisType,
      status: row.ended_at ? 'closed' : 'open',
      outcome: row.outcome as CrisisOutcome | null,
      roles: [row.role as DeploymentRole],
    });
  }

  const byRole = store.all(
    store.qb
      .selectFrom('crisis_deployments')
      .select(['role as key', (eb) => eb.fn.countAll<number>().as('count')])
      .where('member_id', '=', memberId)
      .groupBy('role')
      .orderBy('count', 'desc')
      .orderBy('role'),
  );
  // Their crises by type and outcome in one pass (each crisis looked up once, not once per
  // figure); the counts by type, by outcome and the totals are sums of these few groups.
  const groups = store.all(
    store.qb
      .selectFrom('crises as c')
      .where('c.id', 'in', crisesOf(store, memberId))
      .select(['c.type', sql<string>`coalesce(c.outcome, 'open')`.as('outcome'), (eb) => eb.fn.countAll<number>().as('count'), hoursOf(until).as('hours')])
      .groupBy(['c.type', sql`2`]),
  );
  const countsBy = (key: (group: (typeof groups)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const group of groups) counts.set(key(group), (counts.get(key(group)) ?? 0) + group.count);
    return [...counts].map(([name, count]) => ({ key: name, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };
  const byType = countsBy((group) => group.type);
  const byOutcome = countsBy((group) => group.outcome);
  const totals = { crises: groups.reduce((sum, group) => sum + group.count, 0), hours: groups.reduce((sum, group) => sum + group.hours, 0) };

  return {
    member,
    deployments,
    crises: totals.crises,
    byRole: byRole as MemberRecord['byRole'],
    byType: byType as MemberRecord['byType'],
    byOutcome: byOutcome as MemberRecord['byOutcome'],
    hoursDeployed: Math.round(totals.hours * 100) / 100,
    lastDeployment: deployments[0] ?? null,
  };
}

/** Deployments and hours per member of a team, over crises started in the period (Serbian days). */
export function memberLoad(store: Store, query: MemberLoadQuery, until = now()): MemberLoad {
  const parsed = memberLoadQuery.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error, 'member load');
  const { teamSlug, from, to } = parsed.data;
  const deployed = store.qb
    .selectFrom('crisis_deployments as d')
    .innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['d.member_id', 'd.crisis_id'])
    .distinct()
    .where('m.team_slug', '=', teamSlug)
    .as('x');
  let counted = store.qb
    .selectFrom(deployed)
    .innerJoin('crises as c', 'c.id', 'x.crisis_id')
    .select(['x.member_id', (eb) => eb.fn.countAll<number>().as('deployments'), hoursOf(until).as('hours')])
    .groupBy('x.member_id');
  if (from) counted = counted.where('c.started_on', '>=', from);
  if (to) counted = counted.where('c.started_on', '<=', to);
  const byMember = new Map(store.all(counted).map((row) => [row.member_id, row]));
  const members = store.all(
    store.qb.selectFrom('members').select(['id', 'name', 'call_sign', 'active']).where('team_slug', '=', teamSlug).orderBy('name'),
  );
  return members
    .map((m) => ({
      memberId: m.id,
      name: m.name,
      callSign: m.call_sign,
      active: m.active === 1,
      deployments: byMember.get(m.id)?.deployments ?? 0,
      hours: Math.round((byMember.get(m.id)?.hours ?? 0) * 100) / 100,
    }))
    // Inactive members appear only where they carried some of the period's load.
    .filter((row) => row.active || row.deployments > 0)
    .sort((a, b) => b.deployments - a.deployments || b.hours - a.hours || a.name.localeCompare(b.name, 'sr'));
}

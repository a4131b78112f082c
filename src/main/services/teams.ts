import { TEAMS, type Team, type TeamSlug } from '@shared/domain';
import { CasebookError } from '@shared/errors';
import type { Store } from '../store';

export function listTeams(store: Store): Team[] {
  const counts = store.all(
    store.qb
      .selectFrom('members')
      .select(['team_slug', (eb) => eb.fn.countAll<number>().as('active_members')])
      .where('active', '=', 1)
      .groupBy('team_slug'),
  );
  const activeBySlug = new Map(counts.map((row) => [row.team_slug, row.active_members]));
  return store
    .all(store.qb.selectFrom('teams').select(['slug', 'name', 'code']))
    .map((row) => ({ slug: row.slug as TeamSlug, name: row.name, code: row.code, activeMembers: activeBySlug.get(row.slug) ?? 0 }))
    .sort((a, b) => TEAMS.findIndex((t) => t.slug === a.slug) - TEAMS.findIndex((t) => t.slug === b.slug));
}

export function teamCode(slug: TeamSlug): string {
  const team = TEAMS.find((candidate) => candidate.slug === slug);
  if (!team) throw new CasebookError('VALIDATION', `Unknown team: ${slug}`, [{ path: 'teamSlug', message: 'unknown_team' }]);
  return team.code;
}

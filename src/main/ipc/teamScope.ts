// A member works in one team: their lists and statistics are narrowed to it, and any record of
// another team is out of reach. Checked in main for every call, after parsing, before services.
import type { ChannelName } from '@shared/channels';
import type { TeamSlug } from '@shared/domain';
import { CasebookError } from '@shared/errors';
import type { Store } from '../store';

function forbidden(): CasebookError {
  return new CasebookError('FORBIDDEN', 'This record belongs to another team.');
}

function teamOfCrisis(store: Store, crisisId: string): string | undefined {
  return store.first(store.qb.selectFrom('crises').select('team_slug').where('id', '=', crisisId))?.team_slug;
}

function teamOfLogEntry(store: Store, entryId: string): string | undefined {
  return store.first(
    store.qb
      .selectFrom('crisis_log')
      .innerJoin('crises', 'crises.id', 'crisis_log.crisis_id')
      .select('crises.team_slug')
      .where('crisis_log.id', '=', entryId),
  )?.team_slug;
}

function teamOfMember(store: Store, memberId: string): string | undefined {
  return store.first(store.qb.selectFrom('members').select('team_slug').where('id', '=', memberId))?.team_slug;
}

/** An unknown id passes through, so the service answers NOT_FOUND as it would for anyone. */
function require(team: TeamSlug, found: string | undefined): void {
  if (found !== undefined && found !== team) throw forbidden();
}

type Input = Record<string, unknown> & { filter?: Record<string, unknown> };

export function scopeToTeam(channel: ChannelName, input: unknown, team: TeamSlug, store: Store): unknown {
  const value = (input ?? {}) as Input;
  switch (channel) {
    case 'crises.list':
      return { ...value, filter: { ...value.filter, teamSlug: team } };
    case 'stats.summary':
    case 'stats.memberLoad':
    case 'members.list':
      return { ...value, teamSlug: team };
    case 'members.record':
      require(team, teamOfMember(store, value['memberId'] as string));
      return input;
    case 'crises.create':
    case 'members.create':
      if (value['teamSlug'] !== team) throw forbidden();
      return input;
    case 'crises.get':
    case 'crises.close':
      require(team, teamOfCrisis(store, value['id'] as string));
      return input;
    case 'crises.update':
      require(team, teamOfCrisis(store, value['id'] as string));
      if ((value['crisis'] as { teamSlug?: unknown }).teamSlug !== team) throw forbidden();
      return input;
    case 'crisisLog.list':
    case 'crisisLog.append':
    case 'debriefs.get':
    case 'debriefs.save':
    case 'reports.incident':
      require(team, teamOfCrisis(store, value['crisisId'] as string));
      return input;
    case 'crisisLog.edit':
    case 'crisisLog.remove':
      require(team, teamOfLogEntry(store, value['id'] as string));
      return input;
    case 'members.update':
      require(team, teamOfMember(store, value['id'] as string));
      if ((value['member'] as { teamSlug?: unknown }).teamSlug !== team) throw forbidden();
      return input;
    default:
      return input;
  }
}

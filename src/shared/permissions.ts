// Who may call which channel. The main process enforces this for every call, before any
// service runs; the renderer only uses it to hide what a role cannot do.
import type { AccountRole } from './domain';
import type { ChannelName } from './channels';

/** anyone: also while locked; member and up: any signed-in account; then coordinator; then admin. */
export type ChannelAccess = 'anyone' | AccountRole;

const RANK: Record<ChannelAccess, number> = { anyone: 0, member: 1, coordinator: 2, admin: 3 };

export const channelAccess = {
  'session.status': 'anyone',
  'session.create': 'anyone',
  'session.unlock': 'anyone',
  'session.lock': 'anyone',
  'session.changePassphrase': 'member',
  'teams.list': 'member',
  'members.list': 'member',
  'members.create': 'member',
  'members.update': 'member',
  // Accounts are not linked to team members: a member account sees the records of its own team's
  // members (teamScope), coordinators and admins everyone's.
  'members.record': 'member',
  'crises.list': 'member',
  'crises.get': 'member',
  'crises.create': 'member',
  'crises.update': 'member',
  'crises.close': 'member',
  'crisisLog.list': 'member',
  'crisisLog.append': 'member',
  'crisisLog.edit': 'member',
  'crisisLog.remove': 'member',
  // Members reach only their own team's crises (src/main/ipc/teamScope.ts), so the debrief and
  // the incident report, which name people and places, stay within the team, coordinators and admins.
  'debriefs.get': 'member',
  'debriefs.save': 'member',
  'reports.incident': 'member',
  // The SOS hotline is national: every negotiator may take and log a call.
  'hotline.list': 'member',
  'hotline.get': 'member',
  'hotline.create': 'member',
  'hotline.update': 'member',
  'stats.summary': 'member',
  'stats.memberLoad': 'member',
  'export.preview': 'coordinator',
  'export.write': 'coordinator',
  'export.history': 'coordinator',
  'bundles.export': 'coordinator',
  'bundles.import': 'coordinator',
  // Coordinators gather the teams' spreadsheets; every team's rows may be in one.
  'imports.open': 'coordinator',
  'imports.check': 'coordinator',
  'imports.commit': 'coordinator',
  'imports.cancel': 'coordinator',
  'imports.close': 'coordinator',
  'imports.status': 'coordinator',
  'imports.progress': 'coordinator',
  'accounts.list': 'admin',
  'accounts.create': 'admin',
  'accounts.update': 'admin',
  'accounts.remove': 'admin',
  'audit.list': 'admin',
  'audit.verify': 'admin',
  'audit.export': 'admin',
  'backups.list': 'admin',
  'backups.run': 'admin',
} as const satisfies Record<ChannelName, ChannelAccess>;

export function roleMayCall(role: AccountRole | null, channel: ChannelName): boolean {
  const needed = channelAccess[channel];
  if (needed === 'anyone') return true;
  return role !== null && RANK[role] >= RANK[needed];
}

// Each team's members by name and call sign, read once per import instead of once per row.
// Matching mirrors findMemberByNameOrCallSign: trimmed, case-insensitive, first member in name
// order whose name or call sign fits.
import type { TeamSlug } from '@shared/domain';
import type { Store } from '../../store';
import { createMember, listMembers } from '../members';
import { memberKey } from './memberKey';

export class MemberDirectory {
  private readonly byTeam = new Map<TeamSlug, Map<string, string>>();
  private created = 0;

  constructor(private readonly store: Store) {}

  private team(teamSlug: TeamSlug): Map<string, string> {
    let members = this.byTeam.get(teamSlug);
    if (!members) {
      members = new Map();
      for (const member of listMembers(this.store, { teamSlug, includeInactive: true })) {
        for (const key of [member.name, member.callSign].filter((text) => text !== '').map(memberKey)) {
          if (!members.has(key)) members.set(key, member.id);
        }
      }
      this.byTeam.set(teamSlug, members);
    }
    return members;
  }

  /** The member's id, creating a negotiator of that name in the team if nobody matches. */
  findOrCreate(teamSlug: TeamSlug, nameOrCallSign: string): string {
    const key = memberKey(nameOrCallSign);
    const members = this.team(teamSlug);
    const known = members.get(key);
    if (known) return known;
    const member = createMember(this.store, { teamSlug, name: nameOrCallSign.trim(), role: 'negotiator', callSign: '', active: true });
    members.set(key, member.id);
    this.created++;
    return member.id;
  }

  get membersCreated(): number {
    return this.created;
  }
}

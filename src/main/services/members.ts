import { type Member, type MemberInput, type MemberRole, type TeamSlug, memberInput } from '@shared/domain';
import { validationError } from '@shared/errors';
import type { z } from 'zod';
import type { Store } from '../store';
import type { MembersTable } from '../store/tables';
import { newId, notFound, now, versionConflict } from './common';

function parseMemberInput(input: MemberInput): z.infer<typeof memberInput> {
  const result = memberInput.safeParse(input);
  if (!result.success) throw validationError(result.error, 'member');
  return result.data;
}

function toMember(row: Omit<MembersTable, 'version'> & { version: number }): Member {
  return {
    id: row.id,
    teamSlug: row.team_slug as TeamSlug,
    name: row.name,
    callSign: row.call_sign,
    role: row.role as MemberRole,
    active: row.active === 1,
    version: row.version,
  };
}

export function listMembers(store: Store, filter: { teamSlug?: TeamSlug | undefined; includeInactive?: boolean } = {}): Member[] {
  let query = store.qb.selectFrom('members').selectAll().orderBy('team_slug').orderBy('name').orderBy('id');
  if (filter.teamSlug) query = query.where('team_slug', '=', filter.teamSlug);
  if (!filter.includeInactive) query = query.where('active', '=', 1);
  return store.all(query).map(toMember);
}

export function getMember(store: Store, id: string): Member {
  const row = store.first(store.qb.selectFrom('members').selectAll().where('id', '=', id));
  if (!row) throw notFound('member', id);
  return toMember(row);
}

export function createMember(store: Store, input: MemberInput): Member {
  const data = parseMemberInput(input);
  const id = newId();
  const at = now();
  store.run(
    store.qb.insertInto('members').values({
      id,
      team_slug: data.teamSlug,
      name: data.name,
      call_sign: data.callSign,
      role: data.role,
      active: data.active ? 1 : 0,
      created_at: at,
      created_by: store.actor,
      updated_at: at,
      updated_by: store.actor,
    }),
  );
  return getMember(store, id);
}

export function updateMember(store: Store, id: string, version: number, input: MemberInput): Member {
  const data = parseMemberInput(input);
  return store.transaction(() => {
    getMember(store, id);
    const { changes } = store.run(
      store.qb
        .updateTable('members')
        .set({
          team_slug: data.teamSlug,
          name: data.name,
          call_sign: data.callSign,
          role: data.role,
          active: data.active ? 1 : 0,
          updated_at: now(),
          updated_by: store.actor,
          version: version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', version),
    );
    if (changes === 0) throw versionConflict('member');
    return getMember(store, id);
  });
}

/** Finds a member of a team by name or call sign, ignoring case. */
export function findMemberByNameOrCallSign(store: Store, teamSlug: TeamSlug, nameOrCallSign: string): Member | undefined {
  const needle = nameOrCallSign.trim().toLocaleLowerCase('sr');
  return listMembers(store, { teamSlug, includeInactive: true }).find(
    (member) => member.name.toLocaleLowerCase('sr') === needle || (member.callSign !== '' && member.callSign.toLocaleLowerCase('sr') === needle),
  );
}

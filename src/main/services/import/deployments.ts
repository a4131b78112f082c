// What hangs on the crises an import writes: their lead negotiators' deployments. The writer's
// side only: the reading thread never loads it, nor the member services and query builder it needs.
import { createHash } from 'node:crypto';
import type { TeamSlug } from '@shared/domain';
import type { Store } from '../../store';
import { type Linker, type SqlValue, digestRows } from './bulkWriter';
import { MemberDirectory } from './memberDirectory';
import type { ImportKind } from './types';

/**
 * The lead negotiators of the written crises: each name matched to a member of the crisis's team
 * (or created as a negotiator there) once per import, then every deployment of a batch in one statement.
 */
export class LeadDeployments implements Linker {
  private readonly members: MemberDirectory;
  private readonly memberIds = new Map<string, string>();
  private readonly digest = createHash('sha256');
  private written = 0;

  constructor(private readonly store: Store) {
    this.members = new MemberDirectory(store);
  }

  link(staged: string, bulkWrite: <T>(work: () => T) => T, insert: string): void {
    const { connection } = this.store;
    const leads = connection
      .prepare(`SELECT DISTINCT team_slug, lead_negotiator FROM ${staged} WHERE lead_negotiator IS NOT NULL`)
      .all() as { team_slug: TeamSlug; lead_negotiator: string }[];
    connection.exec('DROP TABLE IF EXISTS temp.import_leads; CREATE TEMP TABLE import_leads (team_slug, lead_negotiator, member_id)');
    const addLead = connection.prepare('INSERT INTO temp.import_leads VALUES (?, ?, ?)');
    for (const { team_slug: team, lead_negotiator: name } of leads) {
      const key = `${team}\u0000${name}`;
      let memberId = this.memberIds.get(key);
      if (memberId === undefined) {
        memberId = this.members.findOrCreate(team, name);
        this.memberIds.set(key, memberId);
      }
      addLead.run(team, name, memberId);
    }
    const deployments = `FROM ${staged} AS s
      JOIN temp.import_leads AS l ON l.team_slug = s.team_slug AND l.lead_negotiator = s.lead_negotiator`;
    this.written += bulkWrite(
      () =>
        connection
          .prepare(`${insert} INTO main.crisis_deployments (crisis_id, member_id, role) SELECT s.id, l.member_id, 'lead_negotiator' ${deployments} ORDER BY s.row_id`)
          .run().changes,
    );
    digestRows(this.digest, connection, `json_array(s.id, l.member_id, 'lead_negotiator')`, deployments, 's.row_id');
    connection.exec('DROP TABLE temp.import_leads');
  }

  summary(): Record<string, SqlValue> {
    return { deployments: this.written, deploymentsSha256: this.digest.digest('hex'), membersCreated: this.members.membersCreated };
  }
}

/** The linker of the records of this kind, if anything hangs on them. */
export function linkerFor(kind: ImportKind, store: Store): Linker | undefined {
  return kind === 'crises' ? new LeadDeployments(store) : undefined;
}

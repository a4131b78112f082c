// Each negotiator's record: their deployments over time, and the team's load per member.
import { z } from 'zod';
import { crisisOutcome, crisisStatus, crisisType, deploymentRole, id, instant, member, statsFilter, teamSlug } from './domain';

export const memberDeployment = z.object({
  crisisId: id,
  reference: z.string(),
  startedAt: instant,
  endedAt: instant.nullable(),
  type: crisisType,
  status: crisisStatus,
  outcome: crisisOutcome.nullable(),
  /** Every role the member had in this crisis (one person may be both coach and log keeper). */
  roles: z.array(deploymentRole),
});
export type MemberDeployment = z.infer<typeof memberDeployment>;

const countBy = <K extends z.ZodType<string>>(key: K) => z.array(z.object({ key, count: z.number().int() }));

export const memberRecord = z.object({
  member,
  /** Newest first. */
  deployments: z.array(memberDeployment),
  crises: z.number().int(),
  byRole: countBy(deploymentRole),
  byType: countBy(crisisType),
  /** Crises still running count under "open". */
  byOutcome: countBy(z.union([crisisOutcome, z.literal('open')])),
  /** From each crisis's start to its end; a running crisis counts up to now. Each crisis once. */
  hoursDeployed: z.number(),
  lastDeployment: memberDeployment.nullable(),
});
export type MemberRecord = z.infer<typeof memberRecord>;

export const memberLoadQuery = statsFilter.extend({ teamSlug });
export type MemberLoadQuery = z.infer<typeof memberLoadQuery>;

export const memberLoad = z.array(
  z.object({ memberId: id, name: z.string(), callSign: z.string(), active: z.boolean(), deployments: z.number().int(), hours: z.number() }),
);
export type MemberLoad = z.infer<typeof memberLoad>;

// Accounts, roles and the audit trail: the contract's part for people and accountability.
import { z } from 'zod';
import { type AccountRole, accountRole, id, line, passphrase, teamSlug } from './domain';

export { accountRole, type AccountRole };

const accountFields = z.object({
  name: line(80).min(1),
  role: accountRole,
  teamSlug: teamSlug.nullable().default(null),
});

function withTeamRule<T extends z.ZodType<{ role: AccountRole; teamSlug: string | null }>>(schema: T) {
  return schema.superRefine((account, ctx) => {
    if (account.role === 'member' && !account.teamSlug) {
      ctx.addIssue({ code: 'custom', path: ['teamSlug'], message: 'member_needs_team' });
    }
    if (account.role !== 'member' && account.teamSlug) {
      ctx.addIssue({ code: 'custom', path: ['teamSlug'], message: 'only_members_have_a_team' });
    }
  });
}

export const accountCreateInput = withTeamRule(
  accountFields.extend({ passphrase, passphraseRepeat: z.string() }).strict(),
).refine((value) => value.passphrase === value.passphraseRepeat, { path: ['passphraseRepeat'], message: 'passphrases_differ' });

export const accountUpdateInput = z
  .object({ id, version: z.number().int().min(1), account: withTeamRule(accountFields.extend({ active: z.boolean() }).strict()) })
  .strict();

export const accountRemoveInput = z.object({ id, rekey: z.boolean() }).strict();

export const account = z.object({
  id,
  name: z.string(),
  role: accountRole,
  teamSlug: teamSlug.nullable(),
  active: z.boolean(),
  /** Removed accounts stay listed (the audit trail names them) but have no key slot. */
  removed: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  version: z.number().int(),
});
export type Account = z.infer<typeof account>;

/** Who is signed in, as the renderer may know it. */
export const signedInAccount = account.pick({ id: true, name: true, role: true, teamSlug: true });
export type SignedInAccount = z.infer<typeof signedInAccount>;

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  recordKind: z.string(),
  recordId: z.string().nullable(),
  hashBefore: z.string().nullable(),
  hashAfter: z.string().nullable(),
  details: z.string(),
  entryHash: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditProblem = z.object({
  seq: z.number().int(),
  problem: z.enum(['edited', 'deleted', 'reordered', 'unsealed']),
  message: z.string(),
});

export const auditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  problems: z.array(auditProblem),
});
export type AuditVerification = z.infer<typeof auditVerification>;

export const auditListQuery = z
  .object({ limit: z.number().int().min(1).max(500).default(100), beforeSeq: z.number().int().min(1).optional() })
  .strict();

/** A backup as the admin screen shows it; backups go to a folder beside the store. */
export const backupInfo = z.object({ fileName: z.string(), createdAt: z.string(), bytes: z.number().int().nullable() });
export type BackupInfo = z.infer<typeof backupInfo>;

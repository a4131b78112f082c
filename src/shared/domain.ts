// The domain vocabulary and its zod schemas: the one place every type of the app comes from.
import { z } from 'zod';

export const TEAMS = [
  { slug: 'belgrade', name: 'Beograd', code: 'BG' },
  { slug: 'novi-sad', name: 'Novi Sad', code: 'NS' },
  { slug: 'nis', name: 'Niš', code: 'NI' },
  { slug: 'kragujevac', name: 'Kragujevac', code: 'KG' },
  { slug: 'kraljevo', name: 'Kraljevo', code: 'KV' },
] as const;

export const teamSlug = z.enum(['belgrade', 'novi-sad', 'nis', 'kragujevac', 'kraljevo']);
export const memberRole = z.enum(['team_leader', 'negotiator', 'coach', 'intelligence', 'log_keeper']);
export const deploymentRole = z.enum([
  'team_leader',
  'lead_negotiator',
  'secondary_negotiator',
  'coach',
  'intelligence',
  'log_keeper',
]);
export const crisisType = z.enum(['hostage', 'barricade', 'suicide_attempt', 'kidnapping', 'other']);
export const crisisOutcome = z.enum(['surrender', 'talked_down', 'released', 'tactical', 'suicide', 'escaped', 'other']);
/** Outcomes that count a crisis as resolved in every statistic. */
export const RESOLVED_OUTCOMES = ['surrender', 'talked_down', 'released'] as const satisfies readonly CrisisOutcome[];
export const weapons = z.enum(['none', 'firearm', 'explosive', 'bladed', 'other', 'unknown']);
export const crisisStatus = z.enum(['open', 'closed']);

// HOBAS-style research details; each list ends in "unknown".
export const locationType = z.enum([
  'residence',
  'business',
  'vehicle',
  'public_place',
  'custody_facility',
  'open_area',
  'unknown',
]);
export const precipitatingEvent = z.enum([
  'domestic_dispute',
  'mental_health_crisis',
  'criminal_act_interrupted',
  'workplace',
  'custody',
  'other',
  'unknown',
]);
export const communicationMode = z.enum(['face_to_face', 'phone', 'throw_phone', 'intermediary', 'unknown']);
export const ageBand = z.enum(['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'unknown']);
export const gender = z.enum(['male', 'female', 'other', 'unknown']);
export const yesNoUnknown = z.enum(['yes', 'no', 'unknown']);

export const logEntryKind = z.enum([
  'contact_established',
  'demand',
  'deadline',
  'concession',
  'release',
  'surrender',
  'note',
]);

export const hotlineThreat = z.enum([
  'physical_attack',
  'threat',
  'online_harassment',
  'surveillance',
  'legal_pressure',
  'other',
]);
export const hotlineUrgency = z.enum(['immediate', 'high', 'normal']);
export const hotlineAction = z.enum(['police_dispatched', 'prosecutor_notified', 'referred', 'advice_given', 'other']);
export const hotlineStatus = z.enum(['open', 'closed']);

export type TeamSlug = z.infer<typeof teamSlug>;
export type MemberRole = z.infer<typeof memberRole>;
export type DeploymentRole = z.infer<typeof deploymentRole>;
export type CrisisType = z.infer<typeof crisisType>;
export type CrisisOutcome = z.infer<typeof crisisOutcome>;
export type Weapons = z.infer<typeof weapons>;
export type CrisisStatus = z.infer<typeof crisisStatus>;
export type LogEntryKind = z.infer<typeof logEntryKind>;
export type HotlineThreat = z.infer<typeof hotlineThreat>;
export type HotlineUrgency = z.infer<typeof hotlineUrgency>;
export type HotlineAction = z.infer<typeof hotlineAction>;
export type HotlineStatus = z.infer<typeof hotlineStatus>;

// ---- Scalars -------------------------------------------------------------------------------

export const id = z.uuid();
/** An instant with an explicit offset; stored as UTC. */
export const instant = z.iso.datetime({ offset: true, local: false });
/** A calendar day in Serbia's local time, YYYY-MM-DD. */
export const localDate = z.iso.date();
const count = z.number().int().min(0).max(100_000);
// SQLite's length() stops at the first NUL, so a NUL would slip past the store's length checks;
// other control characters have no place in typed text and only hide or garble what is shown.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAKS_OR_TABS = /[\t\n\r]/;
/** Free text that may run over several lines (notes, log entries). */
export const text = (max: number) => z.string().trim().max(max).refine((value) => !CONTROL_CHARACTERS.test(value), 'control_characters');
/** One line of text (names, call signs, places): no control characters at all. */
export const line = (max: number) =>
  text(max).refine((value) => !LINE_BREAKS_OR_TABS.test(value), 'control_characters');

export const passphrase = z.string().min(10, 'passphrase_too_short').max(1024);

// ---- Teams and members -----------------------------------------------------------------------

export const team = z.object({
  slug: teamSlug,
  name: z.string(),
  code: z.string(),
  activeMembers: z.number().int(),
});
export type Team = z.infer<typeof team>;

export const memberInput = z.object({
  teamSlug,
  name: line(120).min(1),
  callSign: line(40).default(''),
  role: memberRole,
  active: z.boolean().default(true),
});
export type MemberInput = z.input<typeof memberInput>;

export const member = memberInput.extend({
  id,
  callSign: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type Member = z.infer<typeof member>;

// ---- Crises ----------------------------------------------------------------------------------

const byParty = z.object({ subjects: count, hostages: count, police: count, bystanders: count });
export const casualtiesByParty = byParty;
export type CasualtiesByParty = z.infer<typeof byParty>;
const noCasualties = { subjects: 0, hostages: 0, police: 0, bystanders: 0 };

export const subjectProfile = z.object({
  ageBand: ageBand.default('unknown'),
  gender: gender.default('unknown'),
  underInfluence: yesNoUnknown.default('unknown'),
  mentalHealthHistory: yesNoUnknown.default('unknown'),
  priorPoliceContact: yesNoUnknown.default('unknown'),
});

export const deployment = z.object({ memberId: id, role: deploymentRole });

export interface CrisisRuleFields {
  startedAt: string;
  endedAt?: string | null | undefined;
  outcome?: CrisisOutcome | null | undefined;
  hostages: number;
  hostagesReleased: number;
}
export interface RuleViolation {
  path: string;
  message: string;
}

/**
 * The rules a crisis must keep. The zod schema, the service (on the merged record) and the
 * database's CHECK constraints all enforce them; this is the one statement of them in code.
 */
export function crisisRuleViolations(crisis: CrisisRuleFields): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (crisis.hostagesReleased > crisis.hostages) {
    violations.push({ path: 'hostagesReleased', message: 'released_exceeds_hostages' });
  }
  if (crisis.endedAt && Date.parse(crisis.endedAt) < Date.parse(crisis.startedAt)) {
    violations.push({ path: 'endedAt', message: 'ended_before_started' });
  }
  if (crisis.endedAt && !crisis.outcome) {
    violations.push({ path: 'outcome', message: 'outcome_required_when_closed' });
  }
  if (!crisis.endedAt && crisis.outcome) {
    violations.push({ path: 'endedAt', message: 'end_required_with_outcome' });
  }
  return violations;
}

export const crisisFields = z.object({
  teamSlug,
  startedAt: instant,
  endedAt: instant.nullable().default(null),
  type: crisisType,
  municipality: line(100).default(''),
  locationNote: text(500).default(''),
  subjects: count.default(1),
  hostages: count.default(0),
  hostagesReleased: count.default(0),
  suicidesPrevented: count.default(0),
  outcome: crisisOutcome.nullable().default(null),
  weapons: weapons.default('unknown'),
  locationType: locationType.default('unknown'),
  precipitatingEvent: precipitatingEvent.default('unknown'),
  communicationMode: communicationMode.default('unknown'),
  subject: subjectProfile.default(subjectProfile.parse({})),
  injuries: byParty.default(noCasualties),
  deaths: byParty.default(noCasualties),
  notes: text(20_000).default(''),
  deployments: z.array(deployment).max(60).default([]),
});

function withCrisisRules<T extends z.ZodType<CrisisRuleFields>>(schema: T) {
  return schema.superRefine((crisis, ctx) => {
    for (const violation of crisisRuleViolations(crisis)) {
      ctx.addIssue({ code: 'custom', path: [violation.path], message: violation.message });
    }
  });
}

export const crisisInput = withCrisisRules(crisisFields);
export type CrisisInput = z.input<typeof crisisFields>;
export type CrisisData = z.infer<typeof crisisFields>;

export const crisisUpdate = z.object({ id, version: z.number().int().min(1), crisis: crisisInput });
export const crisisClose = z
  .object({ id, version: z.number().int().min(1), endedAt: instant, outcome: crisisOutcome })
  .strict();

export const deployedMember = deployment.extend({ name: z.string(), callSign: z.string() });

export const crisis = crisisFields.extend({
  id,
  reference: z.string(),
  status: crisisStatus,
  resolved: z.boolean(),
  releasesFromLog: z.boolean(),
  deployments: z.array(deployedMember),
  createdAt: instant,
  createdBy: z.string(),
  updatedAt: instant,
  updatedBy: z.string(),
  version: z.number().int(),
});
export type Crisis = z.infer<typeof crisis>;

export const crisisSummary = crisis.pick({
  id: true,
  reference: true,
  teamSlug: true,
  startedAt: true,
  endedAt: true,
  type: true,
  municipality: true,
  hostages: true,
  hostagesReleased: true,
  suicidesPrevented: true,
  outcome: true,
  status: true,
  resolved: true,
  version: true,
});
export type CrisisSummary = z.infer<typeof crisisSummary>;

export const SORTABLE_CRISIS_FIELDS = ['startedAt', 'reference', 'type', 'outcome', 'teamSlug'] as const;
export const sortDirection = z.enum(['asc', 'desc']);

export const crisisFilter = z
  .object({
    teamSlug: teamSlug.optional(),
    type: crisisType.optional(),
    outcome: crisisOutcome.optional(),
    status: crisisStatus.optional(),
    from: localDate.optional(),
    to: localDate.optional(),
    text: text(200).optional(),
  })
  .strict();
export type CrisisFilter = z.infer<typeof crisisFilter>;

export const pageLimit = z.number().int().min(1).max(500).default(50);
/** Opaque keyset cursor: the last row's sort value and id. */
export const cursor = z.string().max(2000);

export const crisisListQuery = z
  .object({
    filter: crisisFilter.default({}),
    sort: z
      .object({ field: z.enum(SORTABLE_CRISIS_FIELDS), direction: sortDirection })
      .default({ field: 'startedAt', direction: 'desc' }),
    limit: pageLimit,
    after: cursor.nullable().default(null),
  })
  .strict();
export type CrisisListQuery = z.input<typeof crisisListQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  // `total` is counted for the first page only (when `after` is null), and null after it.
  return z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().nullable() });
}
export const crisisPage = pageOf(crisisSummary);
export type CrisisPage = z.infer<typeof crisisPage>;

// ---- Negotiation log -------------------------------------------------------------------------

export const logEntryInput = z
  .object({
    crisisId: id,
    kind: logEntryKind,
    at: instant,
    text: text(5_000).default(''),
    releasedCount: count.default(0),
  })
  .superRefine((entry, ctx) => {
    if (entry.kind === 'release' && entry.releasedCount < 1) {
      ctx.addIssue({ code: 'custom', path: ['releasedCount'], message: 'release_needs_count' });
    }
    if (entry.kind !== 'release' && entry.releasedCount !== 0) {
      ctx.addIssue({ code: 'custom', path: ['releasedCount'], message: 'count_only_for_release' });
    }
  });
export type LogEntryInput = z.input<typeof logEntryInput>;

export const logEntryEdit = z
  .object({ id, at: instant, text: text(5_000), releasedCount: count })
  .strict();

export const logEntry = z.object({
  id,
  crisisId: id,
  kind: logEntryKind,
  at: instant,
  text: z.string(),
  releasedCount: z.number().int(),
  createdAt: instant,
  createdBy: z.string(),
});
export type LogEntry = z.infer<typeof logEntry>;

// ---- Hotline ---------------------------------------------------------------------------------

export const hotlineCallInput = z.object({
  receivedAt: instant,
  caller: line(120).min(1),
  outlet: line(120).default(''),
  threat: hotlineThreat,
  urgency: hotlineUrgency,
  municipality: line(100).default(''),
  action: hotlineAction,
  followUpDue: localDate.nullable().default(null),
  status: hotlineStatus.default('open'),
  notes: text(20_000).default(''),
});
export type HotlineCallInput = z.input<typeof hotlineCallInput>;
export type HotlineCallData = z.infer<typeof hotlineCallInput>;

export const hotlineCallUpdate = z.object({ id, version: z.number().int().min(1), call: hotlineCallInput });

export const hotlineCall = hotlineCallInput.extend({
  id,
  reference: z.string(),
  createdAt: instant,
  createdBy: z.string(),
  updatedAt: instant,
  updatedBy: z.string(),
  version: z.number().int(),
});
export type HotlineCall = z.infer<typeof hotlineCall>;

/** due: an open call whose follow-up date is today or past; overdue: strictly past. */
export const followUpState = z.enum(['due', 'overdue']);

export const hotlineFilter = z
  .object({
    threat: hotlineThreat.optional(),
    urgency: hotlineUrgency.optional(),
    status: hotlineStatus.optional(),
    followUp: followUpState.optional(),
    from: localDate.optional(),
    to: localDate.optional(),
    text: text(200).optional(),
  })
  .strict();
export type HotlineFilter = z.infer<typeof hotlineFilter>;

export const hotlineListQuery = z
  .object({
    filter: hotlineFilter.default({}),
    sort: z
      .object({ field: z.enum(['receivedAt', 'reference', 'followUpDue']), direction: sortDirection })
      .default({ field: 'receivedAt', direction: 'desc' }),
    limit: pageLimit,
    after: cursor.nullable().default(null),
  })
  .strict();
export type HotlineListQuery = z.input<typeof hotlineListQuery>;
export const hotlinePage = pageOf(hotlineCall);
export type HotlinePage = z.infer<typeof hotlinePage>;

// ---- Statistics ------------------------------------------------------------------------------

export const statsFilter = z
  .object({ teamSlug: teamSlug.optional(), from: localDate.optional(), to: localDate.optional() })
  .strict();
export type StatsFilter = z.infer<typeof statsFilter>;

export const crisisTotals = z.object({
  total: z.number().int(),
  resolved: z.number().int(),
  hostagesReleased: z.number().int(),
  suicidesPrevented: z.number().int(),
  livesSaved: z.number().int(),
});
export type CrisisTotals = z.infer<typeof crisisTotals>;

const countsBy = z.record(z.string(), z.number().int());
export const statistics = z.object({
  crises: crisisTotals,
  crisesByTeam: z.record(z.string(), crisisTotals),
  crisesByYear: z.record(z.string(), crisisTotals),
  crisesByType: z.record(z.string(), crisisTotals),
  crisesByOutcome: z.record(z.string(), crisisTotals),
  hotline: z.object({
    total: z.number().int(),
    byYear: countsBy,
    byMonth: countsBy,
    byThreat: countsBy,
    byUrgency: countsBy,
    byAction: countsBy,
  }),
});
export type Statistics = z.infer<typeof statistics>;

// ---- Session ---------------------------------------------------------------------------------

/**
 * member: logs and edits the crises of their own team (and hotline calls), reads their team's statistics;
 * coordinator: all teams, statistics, anonymised exports and bundles;
 * admin: everything a coordinator may, plus accounts, settings and the audit trail.
 */
export const accountRole = z.enum(['member', 'coordinator', 'admin']);
export type AccountRole = z.infer<typeof accountRole>;

export const sessionState = z.enum(['no-store', 'locked', 'unlocked']);
export const sessionStatus = z.object({
  state: sessionState,
  userName: z.string().nullable(),
  role: accountRole.nullable(),
  teamSlug: teamSlug.nullable(),
});
export type SessionStatus = z.infer<typeof sessionStatus>;

export const createStoreInput = z
  .object({ userName: line(80).min(1), passphrase, passphraseRepeat: z.string() })
  .strict()
  .refine((value) => value.passphrase === value.passphraseRepeat, {
    path: ['passphraseRepeat'],
    message: 'passphrases_differ',
  });
export const unlockInput = z
  .object({ passphrase: z.string().min(1).max(1024), userName: line(80).min(1).optional() })
  .strict();
export const changePassphraseInput = z
  .object({ current: z.string().min(1).max(1024), next: passphrase })
  .strict();

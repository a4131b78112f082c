// The records a bundle carries, exactly as stored (column names and values), their schemas for
// checking what arrives, and their fingerprints for telling versions apart.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ageBand,
  communicationMode,
  crisisOutcome,
  crisisType,
  deploymentRole,
  gender,
  hotlineAction,
  hotlineStatus,
  hotlineThreat,
  hotlineUrgency,
  id,
  instant,
  localDate,
  locationType,
  logEntryKind,
  memberRole,
  precipitatingEvent,
  teamSlug,
  weapons,
  yesNoUnknown,
} from '@shared/domain';

const count = z.number().int().min(0).max(100_000);
const text = (max: number) => z.string().max(max);
const version = z.number().int().min(1);
const authored = {
  created_at: instant,
  created_by: text(200),
  updated_at: instant,
  updated_by: text(200),
  version,
};

export const memberRecord = z
  .object({
    id,
    team_slug: teamSlug,
    name: text(120).min(1),
    call_sign: text(40),
    role: memberRole,
    active: z.union([z.literal(0), z.literal(1)]),
    ...authored,
  })
  .strict();
export type MemberRecord = z.infer<typeof memberRecord>;

export const crisisRecord = z
  .object({
    id,
    reference: z.string().regex(/^[A-Z]{2}-\d{4}-\d{1,6}$/),
    team_slug: teamSlug,
    reference_year: z.number().int().min(1900).max(9999),
    reference_seq: z.number().int().min(1),
    started_at: instant,
    started_on: localDate,
    ended_at: instant.nullable(),
    type: crisisType,
    municipality: text(100),
    location_note: text(500),
    subjects: count,
    hostages: count,
    hostages_released: count,
    suicides_prevented: count,
    outcome: crisisOutcome.nullable(),
    weapons,
    location_type: locationType,
    precipitating_event: precipitatingEvent,
    communication_mode: communicationMode,
    subject_age_band: ageBand,
    subject_gender: gender,
    subject_under_influence: yesNoUnknown,
    subject_mental_health_history: yesNoUnknown,
    subject_prior_police_contact: yesNoUnknown,
    injured_subjects: count,
    injured_hostages: count,
    injured_police: count,
    injured_bystanders: count,
    deaths_subjects: count,
    deaths_hostages: count,
    deaths_police: count,
    deaths_bystanders: count,
    notes: text(20_000),
    import_key: z.string().max(200).nullable(),
    ...authored,
    deployments: z.array(z.object({ member_id: id, role: deploymentRole }).strict()).max(60),
  })
  .strict();
export type CrisisRecord = z.infer<typeof crisisRecord>;

export const logEntryRecord = z
  .object({
    id,
    crisis_id: id,
    kind: logEntryKind,
    at: instant,
    text: text(5_000),
    released_count: count,
    created_at: instant,
    created_by: text(200),
  })
  .strict();
export type LogEntryRecord = z.infer<typeof logEntryRecord>;

export const hotlineCallRecord = z
  .object({
    id,
    reference: z.string().regex(/^SOS-\d{4}-\d{1,6}$/),
    reference_year: z.number().int().min(1900).max(9999),
    reference_seq: z.number().int().min(1),
    received_at: instant,
    received_on: localDate,
    caller: text(120).min(1),
    outlet: text(120),
    threat: hotlineThreat,
    urgency: hotlineUrgency,
    municipality: text(100),
    action: hotlineAction,
    follow_up_due: localDate.nullable(),
    status: hotlineStatus,
    notes: text(20_000),
    import_key: z.string().max(200).nullable(),
    ...authored,
  })
  .strict();
export type HotlineCallRecord = z.infer<typeof hotlineCallRecord>;

/** Fingerprints of states this record's current state descends from (itself included). */
const lineage = z.array(z.string().regex(/^[0-9a-f]{32}$/)).max(64);

const versioned = <T extends z.ZodType>(record: T) => z.object({ record, lineage }).strict();

export const BUNDLE_FORMAT = 'crisis-casebook/bundle';

export const bundlePayload = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(1),
    createdAt: instant,
    createdBy: z.string().max(200),
    scope: z.object({ teamSlug: teamSlug.nullable(), includesHotline: z.boolean() }).strict(),
    members: z.array(versioned(memberRecord)),
    crises: z.array(versioned(crisisRecord)),
    logEntries: z.array(logEntryRecord),
    hotlineCalls: z.array(versioned(hotlineCallRecord)),
  })
  .strict();
export type BundlePayload = z.infer<typeof bundlePayload>;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A record state's fingerprint: SHA-256 of its canonical JSON, first 128 bits. */
export function fingerprint(record: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(record)), 'utf8').digest('hex').slice(0, 32);
}

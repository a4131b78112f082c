// The Kysely table types: the one declaration of the database's shape in TypeScript.
// They mirror migrations/*.sql; a test compares them with the migrated schema.
import type { Generated } from 'kysely';

interface Authored {
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: Generated<number>;
}

export interface TeamsTable {
  slug: string;
  name: string;
  code: string;
}

export interface MembersTable extends Authored {
  id: string;
  team_slug: string;
  name: string;
  call_sign: string;
  role: string;
  active: number;
}

export interface CrisesTable extends Authored {
  row_id: Generated<number>;
  id: string;
  reference: string;
  team_slug: string;
  reference_year: number;
  reference_seq: number;
  started_at: string;
  started_on: string;
  ended_at: string | null;
  type: string;
  municipality: string;
  location_note: string;
  subjects: number;
  hostages: number;
  hostages_released: number;
  suicides_prevented: number;
  outcome: string | null;
  weapons: string;
  location_type: string;
  precipitating_event: string;
  communication_mode: string;
  subject_age_band: string;
  subject_gender: string;
  subject_under_influence: string;
  subject_mental_health_history: string;
  subject_prior_police_contact: string;
  injured_subjects: number;
  injured_hostages: number;
  injured_police: number;
  injured_bystanders: number;
  deaths_subjects: number;
  deaths_hostages: number;
  deaths_police: number;
  deaths_bystanders: number;
  notes: string;
  import_key: string | null;
}

export interface CrisisDeploymentsTable {
  crisis_id: string;
  member_id: string;
  role: string;
}

export interface CrisisLogTable {
  id: string;
  crisis_id: string;
  kind: string;
  at: string;
  text: string;
  released_count: number;
  created_at: string;
  created_by: string;
}

export interface CrisisDebriefsTable extends Authored {
  crisis_id: string;
  what_worked: string;
  what_did_not_work: string;
  lessons: string;
}

export interface HotlineCallsTable extends Authored {
  row_id: Generated<number>;
  id: string;
  reference: string;
  reference_year: number;
  reference_seq: number;
  received_at: string;
  received_on: string;
  caller: string;
  outlet: string;
  threat: string;
  urgency: string;
  municipality: string;
  action: string;
  follow_up_due: string | null;
  status: string;
  notes: string;
  import_key: string | null;
}

export interface FullTextTable {
  rowid: number;
  rank: number;
}

/** Running totals per team, month, type and outcome, kept by triggers (migration 0003). */
export interface CrisisAggregatesTable {
  team_slug: string;
  year: string;
  month: string;
  type: string;
  /** 'open' while the crisis runs. */
  outcome: string;
  crises: number;
  resolved: number;
  hostages_released: number;
  suicides_prevented: number;
  /** Crises with at least one hostage released / suicide prevented (migration 0006, for the anonymised summary). */
  released_contributors: number;
  prevented_contributors: number;
}

/** The same totals per whole year (migration 0003); the contributors are kept per month only. */
export type CrisisAggregatesYearlyTable = Omit<CrisisAggregatesTable, 'month' | 'released_contributors' | 'prevented_contributors'>;

/** Hotline calls counted per month, threat, urgency and action, kept by triggers (migration 0003). */
export interface HotlineAggregatesTable {
  month: string;
  threat: string;
  urgency: string;
  action: string;
  calls: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: string;
}

export interface AccountsTable extends Authored {
  id: string;
  name: string;
  role: string;
  team_slug: string | null;
  key_slot_id: string;
  active: number;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Generated<string>;
  actor: string;
  action: string;
  record_kind: string;
  record_id: string | null;
  hash_before: string | null;
  hash_after: string | null;
  details: Generated<string>;
  prev_hash: string | null;
  entry_hash: string | null;
}

export interface Database {
  accounts: AccountsTable;
  audit_log: AuditLogTable;
  teams: TeamsTable;
  members: MembersTable;
  crises: CrisesTable;
  crisis_deployments: CrisisDeploymentsTable;
  crisis_log: CrisisLogTable;
  crisis_debriefs: CrisisDebriefsTable;
  crises_fts: FullTextTable & { crises_fts: string };
  hotline_calls: HotlineCallsTable;
  hotline_fts: FullTextTable & { hotline_fts: string };
  crisis_aggregates: CrisisAggregatesTable;
  crisis_aggregates_yearly: CrisisAggregatesYearlyTable;
  hotline_aggregates: HotlineAggregatesTable;
  schema_migrations: SchemaMigrationsTable;
}

// Kysely types for the tables of migrations/0002_exports.sql. They live beside the services that
// use them (export and bundles) and extend the store's builder, so src/main/store stays untouched.
import { queryBuilder } from '../../store';

export type ExportAuditTable = {
  id: string;
  kind: 'summary' | 'bundle';
  format: 'csv' | 'json' | 'pdf' | 'xlsx' | 'bundle';
  parameters: string;
  file_name: string;
  byte_length: number;
  sha256: string;
  actor: string;
  created_at: string;
};

export type ExchangeStateTable = {
  record_kind: 'member' | 'crisis' | 'hotline_call';
  record_id: string;
  last_exchanged_version: number;
  lineage: string;
  exchanged_at: string;
};

// Type aliases, not interfaces: Kysely's withTables needs their implicit index signature.
export type ExchangeTables = {
  export_audit: ExportAuditTable;
  exchange_state: ExchangeStateTable;
};

/** The store's query builder, knowing the exchange tables too (it only compiles SQL). */
export const exchangeQb = queryBuilder.withTables<ExchangeTables>();
export type ExchangeQueryBuilder = typeof exchangeQb;

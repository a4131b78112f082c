-- What left the machine, and what was exchanged with other stores.
--
-- export_audit: one row per file produced, anonymised summary or team bundle: who, when, with
-- which filter and parameters, in which format, and the SHA-256 of the exact bytes. Rows are
-- never changed or removed.
--
-- exchange_state: per member, crisis and hotline call, the last version exchanged through a
-- bundle and the lineage: fingerprints of states of the record that the current one is known to
-- descend from (written on export and import). An import takes an incoming record only when the
-- local one is among its ancestors, and keeps the local one when the incoming one is among the
-- local ancestors; otherwise both sides changed since the last exchange: a conflict.

CREATE TABLE export_audit (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('summary', 'bundle')),
  format TEXT NOT NULL CHECK (format IN ('csv', 'json', 'pdf', 'bundle')),
  parameters TEXT NOT NULL CHECK (json_valid(parameters)),
  file_name TEXT NOT NULL,
  byte_length INTEGER NOT NULL CHECK (byte_length >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX export_audit_by_time ON export_audit (created_at, id);

CREATE TRIGGER export_audit_no_update BEFORE UPDATE ON export_audit
BEGIN SELECT RAISE(ABORT, 'export_audit_append_only'); END;
CREATE TRIGGER export_audit_no_delete BEFORE DELETE ON export_audit
BEGIN SELECT RAISE(ABORT, 'export_audit_append_only'); END;

CREATE TABLE exchange_state (
  record_kind TEXT NOT NULL CHECK (record_kind IN ('member', 'crisis', 'hotline_call')),
  record_id TEXT NOT NULL,
  last_exchanged_version INTEGER NOT NULL CHECK (last_exchanged_version >= 1),
  -- JSON array of record fingerprints, oldest first, bounded in length.
  lineage TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lineage)),
  exchanged_at TEXT NOT NULL,
  PRIMARY KEY (record_kind, record_id)
) STRICT;

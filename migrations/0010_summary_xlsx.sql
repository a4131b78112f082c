-- The anonymised summary can also be saved as an Excel workbook: export_audit's format accepts
-- 'xlsx'. SQLite cannot change a CHECK in place, so the table is rebuilt with every row kept,
-- and its index and its append-only triggers are made again.

CREATE TABLE export_audit_next (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('summary', 'bundle')),
  format TEXT NOT NULL CHECK (format IN ('csv', 'json', 'pdf', 'xlsx', 'bundle')),
  parameters TEXT NOT NULL CHECK (json_valid(parameters)),
  file_name TEXT NOT NULL,
  byte_length INTEGER NOT NULL CHECK (byte_length >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO export_audit_next (id, kind, format, parameters, file_name, byte_length, sha256, actor, created_at)
  SELECT id, kind, format, parameters, file_name, byte_length, sha256, actor, created_at FROM export_audit;
DROP TABLE export_audit;
ALTER TABLE export_audit_next RENAME TO export_audit;
CREATE INDEX export_audit_by_time ON export_audit (created_at, id);

CREATE TRIGGER export_audit_no_update BEFORE UPDATE ON export_audit
BEGIN SELECT RAISE(ABORT, 'export_audit_append_only'); END;
CREATE TRIGGER export_audit_no_delete BEFORE DELETE ON export_audit
BEGIN SELECT RAISE(ABORT, 'export_audit_append_only'); END;

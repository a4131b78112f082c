-- Personal accounts, and the tamper-evident audit trail.
--
-- accounts: one per person, each pointing at its own slot in the key file. A member works
-- in one team; coordinators and admins in all.
--
-- audit_log: every change to a record (by triggers, so every write path is covered: the
-- services, spreadsheet import, bundles, even raw SQL on a keyed connection) and every
-- event the app records (unlock, failed unlock, export, bundle exchange, account change).
-- Each entry carries who, when, what, and the hash of the record before and after. The
-- app seals entries into a hash chain (prev_hash, entry_hash) in the same transaction, so
-- an edited, deleted or reordered entry is found by verification.
-- casebook_actor() and casebook_row_hash() are functions the app registers on its connection.

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  role TEXT NOT NULL CHECK (role IN ('member', 'coordinator', 'admin')),
  team_slug TEXT REFERENCES teams (slug),
  key_slot_id TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK ((role = 'member') = (team_slug IS NOT NULL))
) STRICT;

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  record_kind TEXT NOT NULL,
  record_id TEXT,
  hash_before TEXT,
  hash_after TEXT,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  prev_hash TEXT,
  entry_hash TEXT
) STRICT;
CREATE INDEX audit_log_unsealed ON audit_log (seq) WHERE entry_hash IS NULL;
CREATE INDEX audit_log_by_record ON audit_log (record_kind, record_id, seq);

-- Sealing fills prev_hash and entry_hash once; nothing else about an entry ever changes.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
WHEN OLD.entry_hash IS NOT NULL
  OR NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
  OR NEW.action IS NOT OLD.action OR NEW.record_kind IS NOT OLD.record_kind
  OR NEW.record_id IS NOT OLD.record_id OR NEW.hash_before IS NOT OLD.hash_before
  OR NEW.hash_after IS NOT OLD.hash_after OR NEW.details IS NOT OLD.details
BEGIN SELECT RAISE(ABORT, 'audit_log_append_only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log_append_only'); END;

CREATE TRIGGER audit_members_insert AFTER INSERT ON members BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'member', NEW.id, NULL, casebook_row_hash(json_array(NEW.id, NEW.team_slug, NEW.name, NEW.call_sign, NEW.role, NEW.active, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_members_update AFTER UPDATE ON members BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'member', NEW.id, casebook_row_hash(json_array(OLD.id, OLD.team_slug, OLD.name, OLD.call_sign, OLD.role, OLD.active, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.id, NEW.team_slug, NEW.name, NEW.call_sign, NEW.role, NEW.active, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_members_delete AFTER DELETE ON members BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'member', OLD.id, casebook_row_hash(json_array(OLD.id, OLD.team_slug, OLD.name, OLD.call_sign, OLD.role, OLD.active, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;
CREATE TRIGGER audit_crises_insert AFTER INSERT ON crises BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'crisis', NEW.id, NULL, casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.team_slug, NEW.reference_year, NEW.reference_seq, NEW.started_at, NEW.started_on, NEW.ended_at, NEW.type, NEW.municipality, NEW.location_note, NEW.subjects, NEW.hostages, NEW.hostages_released, NEW.suicides_prevented, NEW.outcome, NEW.weapons, NEW.location_type, NEW.precipitating_event, NEW.communication_mode, NEW.subject_age_band, NEW.subject_gender, NEW.subject_under_influence, NEW.subject_mental_health_history, NEW.subject_prior_police_contact, NEW.injured_subjects, NEW.injured_hostages, NEW.injured_police, NEW.injured_bystanders, NEW.deaths_subjects, NEW.deaths_hostages, NEW.deaths_police, NEW.deaths_bystanders, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_crises_update AFTER UPDATE ON crises BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'crisis', NEW.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.team_slug, OLD.reference_year, OLD.reference_seq, OLD.started_at, OLD.started_on, OLD.ended_at, OLD.type, OLD.municipality, OLD.location_note, OLD.subjects, OLD.hostages, OLD.hostages_released, OLD.suicides_prevented, OLD.outcome, OLD.weapons, OLD.location_type, OLD.precipitating_event, OLD.communication_mode, OLD.subject_age_band, OLD.subject_gender, OLD.subject_under_influence, OLD.subject_mental_health_history, OLD.subject_prior_police_contact, OLD.injured_subjects, OLD.injured_hostages, OLD.injured_police, OLD.injured_bystanders, OLD.deaths_subjects, OLD.deaths_hostages, OLD.deaths_police, OLD.deaths_bystanders, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.team_slug, NEW.reference_year, NEW.reference_seq, NEW.started_at, NEW.started_on, NEW.ended_at, NEW.type, NEW.municipality, NEW.location_note, NEW.subjects, NEW.hostages, NEW.hostages_released, NEW.suicides_prevented, NEW.outcome, NEW.weapons, NEW.location_type, NEW.precipitating_event, NEW.communication_mode, NEW.subject_age_band, NEW.subject_gender, NEW.subject_under_influence, NEW.subject_mental_health_history, NEW.subject_prior_police_contact, NEW.injured_subjects, NEW.injured_hostages, NEW.injured_police, NEW.injured_bystanders, NEW.deaths_subjects, NEW.deaths_hostages, NEW.deaths_police, NEW.deaths_bystanders, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_crises_delete AFTER DELETE ON crises BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'crisis', OLD.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.team_slug, OLD.reference_year, OLD.reference_seq, OLD.started_at, OLD.started_on, OLD.ended_at, OLD.type, OLD.municipality, OLD.location_note, OLD.subjects, OLD.hostages, OLD.hostages_released, OLD.suicides_prevented, OLD.outcome, OLD.weapons, OLD.location_type, OLD.precipitating_event, OLD.communication_mode, OLD.subject_age_band, OLD.subject_gender, OLD.subject_under_influence, OLD.subject_mental_health_history, OLD.subject_prior_police_contact, OLD.injured_subjects, OLD.injured_hostages, OLD.injured_police, OLD.injured_bystanders, OLD.deaths_subjects, OLD.deaths_hostages, OLD.deaths_police, OLD.deaths_bystanders, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;
CREATE TRIGGER audit_crisis_deployments_insert AFTER INSERT ON crisis_deployments BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'deployment', NEW.crisis_id || '/' || NEW.member_id || '/' || NEW.role, NULL, casebook_row_hash(json_array(NEW.crisis_id, NEW.member_id, NEW.role)));
END;
CREATE TRIGGER audit_crisis_deployments_update AFTER UPDATE ON crisis_deployments BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'deployment', NEW.crisis_id || '/' || NEW.member_id || '/' || NEW.role, casebook_row_hash(json_array(OLD.crisis_id, OLD.member_id, OLD.role)), casebook_row_hash(json_array(NEW.crisis_id, NEW.member_id, NEW.role)));
END;
CREATE TRIGGER audit_crisis_deployments_delete AFTER DELETE ON crisis_deployments BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'deployment', OLD.crisis_id || '/' || OLD.member_id || '/' || OLD.role, casebook_row_hash(json_array(OLD.crisis_id, OLD.member_id, OLD.role)), NULL);
END;
CREATE TRIGGER audit_crisis_log_insert AFTER INSERT ON crisis_log BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'log_entry', NEW.id, NULL, casebook_row_hash(json_array(NEW.id, NEW.crisis_id, NEW.kind, NEW.at, NEW.text, NEW.released_count, NEW.created_at, NEW.created_by)));
END;
CREATE TRIGGER audit_crisis_log_update AFTER UPDATE ON crisis_log BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'log_entry', NEW.id, casebook_row_hash(json_array(OLD.id, OLD.crisis_id, OLD.kind, OLD.at, OLD.text, OLD.released_count, OLD.created_at, OLD.created_by)), casebook_row_hash(json_array(NEW.id, NEW.crisis_id, NEW.kind, NEW.at, NEW.text, NEW.released_count, NEW.created_at, NEW.created_by)));
END;
CREATE TRIGGER audit_crisis_log_delete AFTER DELETE ON crisis_log BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'log_entry', OLD.id, casebook_row_hash(json_array(OLD.id, OLD.crisis_id, OLD.kind, OLD.at, OLD.text, OLD.released_count, OLD.created_at, OLD.created_by)), NULL);
END;
CREATE TRIGGER audit_hotline_calls_insert AFTER INSERT ON hotline_calls BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'hotline_call', NEW.id, NULL, casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.reference_year, NEW.reference_seq, NEW.received_at, NEW.received_on, NEW.caller, NEW.outlet, NEW.threat, NEW.urgency, NEW.municipality, NEW.action, NEW.follow_up_due, NEW.status, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_hotline_calls_update AFTER UPDATE ON hotline_calls BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'hotline_call', NEW.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.reference_year, OLD.reference_seq, OLD.received_at, OLD.received_on, OLD.caller, OLD.outlet, OLD.threat, OLD.urgency, OLD.municipality, OLD.action, OLD.follow_up_due, OLD.status, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.reference_year, NEW.reference_seq, NEW.received_at, NEW.received_on, NEW.caller, NEW.outlet, NEW.threat, NEW.urgency, NEW.municipality, NEW.action, NEW.follow_up_due, NEW.status, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_hotline_calls_delete AFTER DELETE ON hotline_calls BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'hotline_call', OLD.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.reference_year, OLD.reference_seq, OLD.received_at, OLD.received_on, OLD.caller, OLD.outlet, OLD.threat, OLD.urgency, OLD.municipality, OLD.action, OLD.follow_up_due, OLD.status, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;
CREATE TRIGGER audit_accounts_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'account', NEW.id, NULL, casebook_row_hash(json_array(NEW.id, NEW.name, NEW.role, NEW.team_slug, NEW.key_slot_id, NEW.active, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_accounts_update AFTER UPDATE ON accounts BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'account', NEW.id, casebook_row_hash(json_array(OLD.id, OLD.name, OLD.role, OLD.team_slug, OLD.key_slot_id, OLD.active, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.id, NEW.name, NEW.role, NEW.team_slug, NEW.key_slot_id, NEW.active, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_accounts_delete AFTER DELETE ON accounts BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'account', OLD.id, casebook_row_hash(json_array(OLD.id, OLD.name, OLD.role, OLD.team_slug, OLD.key_slot_id, OLD.active, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;

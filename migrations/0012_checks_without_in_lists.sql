-- migrate: foreign_keys = OFF
-- The enumerations' CHECKs as chains of comparisons instead of IN lists, with the same meaning
-- (a NULL passes both ways). SQLite looks an IN list of three or more constants up in a b-tree
-- it builds for the statement, ~0.5 µs a value; the crises table has eleven of them, so an
-- import's INSERT … SELECT of 100,000 crises spent ~0.65 s on them alone, and the comparisons
-- take ~0.06 s (bench/README.md).
--
-- SQLite changes a CHECK only by rebuilding the table: a new one, the rows copied with their row
-- ids (the full-text indexes key on them), the old one dropped and the new one renamed, then its
-- indexes and triggers created again as they were. Foreign keys are off for this migration (the
-- header above), so dropping the parent table neither cascades into nor checks the deployments,
-- log entries and debriefs that refer to it; the migration runner checks every foreign key
-- before it commits.
--
-- The renames run in legacy mode: otherwise SQLite checks every trigger as it renames, and the
-- log's triggers name the crises table, which is gone for that moment.

-- crises
CREATE TABLE crises_rebuilt (
  -- An explicit integer key, because VACUUM may renumber implicit rowids and the FTS index keys on it.
  row_id INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  reference TEXT NOT NULL UNIQUE,
  team_slug TEXT NOT NULL REFERENCES teams (slug),
  reference_year INTEGER NOT NULL,
  reference_seq INTEGER NOT NULL CHECK (reference_seq >= 1),
  started_at TEXT NOT NULL,
  started_on TEXT NOT NULL,
  ended_at TEXT,
  type TEXT NOT NULL CHECK (type = 'hostage' OR type = 'barricade' OR type = 'suicide_attempt' OR type = 'kidnapping' OR type = 'other'),
  municipality TEXT NOT NULL DEFAULT '',
  location_note TEXT NOT NULL DEFAULT '',
  subjects INTEGER NOT NULL DEFAULT 1 CHECK (subjects >= 0),
  hostages INTEGER NOT NULL DEFAULT 0 CHECK (hostages >= 0),
  hostages_released INTEGER NOT NULL DEFAULT 0 CHECK (hostages_released >= 0 AND hostages_released <= hostages),
  suicides_prevented INTEGER NOT NULL DEFAULT 0 CHECK (suicides_prevented >= 0),
  outcome TEXT CHECK (outcome = 'surrender' OR outcome = 'talked_down' OR outcome = 'released' OR outcome = 'tactical' OR outcome = 'suicide' OR outcome = 'escaped' OR outcome = 'other'),
  weapons TEXT NOT NULL DEFAULT 'unknown'
    CHECK (weapons = 'none' OR weapons = 'firearm' OR weapons = 'explosive' OR weapons = 'bladed' OR weapons = 'other' OR weapons = 'unknown'),
  location_type TEXT NOT NULL DEFAULT 'unknown'
    CHECK (location_type = 'residence' OR location_type = 'business' OR location_type = 'vehicle' OR location_type = 'public_place' OR location_type = 'custody_facility' OR location_type = 'open_area' OR location_type = 'unknown'),
  precipitating_event TEXT NOT NULL DEFAULT 'unknown'
    CHECK (precipitating_event = 'domestic_dispute' OR precipitating_event = 'mental_health_crisis' OR precipitating_event = 'criminal_act_interrupted' OR precipitating_event = 'workplace' OR precipitating_event = 'custody' OR precipitating_event = 'other' OR precipitating_event = 'unknown'),
  communication_mode TEXT NOT NULL DEFAULT 'unknown'
    CHECK (communication_mode = 'face_to_face' OR communication_mode = 'phone' OR communication_mode = 'throw_phone' OR communication_mode = 'intermediary' OR communication_mode = 'unknown'),
  subject_age_band TEXT NOT NULL DEFAULT 'unknown'
    CHECK (subject_age_band = 'under_18' OR subject_age_band = '18_24' OR subject_age_band = '25_34' OR subject_age_band = '35_44' OR subject_age_band = '45_54' OR subject_age_band = '55_64' OR subject_age_band = '65_plus' OR subject_age_band = 'unknown'),
  subject_gender TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_gender = 'male' OR subject_gender = 'female' OR subject_gender = 'other' OR subject_gender = 'unknown'),
  subject_under_influence TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_under_influence = 'yes' OR subject_under_influence = 'no' OR subject_under_influence = 'unknown'),
  subject_mental_health_history TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_mental_health_history = 'yes' OR subject_mental_health_history = 'no' OR subject_mental_health_history = 'unknown'),
  subject_prior_police_contact TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_prior_police_contact = 'yes' OR subject_prior_police_contact = 'no' OR subject_prior_police_contact = 'unknown'),
  injured_subjects INTEGER NOT NULL DEFAULT 0 CHECK (injured_subjects >= 0),
  injured_hostages INTEGER NOT NULL DEFAULT 0 CHECK (injured_hostages >= 0),
  injured_police INTEGER NOT NULL DEFAULT 0 CHECK (injured_police >= 0),
  injured_bystanders INTEGER NOT NULL DEFAULT 0 CHECK (injured_bystanders >= 0),
  deaths_subjects INTEGER NOT NULL DEFAULT 0 CHECK (deaths_subjects >= 0),
  deaths_hostages INTEGER NOT NULL DEFAULT 0 CHECK (deaths_hostages >= 0),
  deaths_police INTEGER NOT NULL DEFAULT 0 CHECK (deaths_police >= 0),
  deaths_bystanders INTEGER NOT NULL DEFAULT 0 CHECK (deaths_bystanders >= 0),
  notes TEXT NOT NULL DEFAULT '',
  -- Set by spreadsheet import, so importing the same row again is recognised.
  import_key TEXT UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  UNIQUE (team_slug, reference_year, reference_seq),
  CHECK (ended_at IS NULL OR ended_at >= started_at),
  CHECK ((ended_at IS NULL) = (outcome IS NULL))
) STRICT;
INSERT INTO crises_rebuilt SELECT * FROM crises ORDER BY row_id;
DROP TABLE crises;
PRAGMA legacy_alter_table = ON;
ALTER TABLE crises_rebuilt RENAME TO crises;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX crises_by_day ON crises (started_on, team_slug, type, outcome, hostages_released, suicides_prevented);
CREATE INDEX crises_by_start ON crises (started_at);
CREATE INDEX crises_by_team_start ON crises (team_slug, started_at);
CREATE TRIGGER audit_crises_delete AFTER DELETE ON crises BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'crisis', OLD.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.team_slug, OLD.reference_year, OLD.reference_seq, OLD.started_at, OLD.started_on, OLD.ended_at, OLD.type, OLD.municipality, OLD.location_note, OLD.subjects, OLD.hostages, OLD.hostages_released, OLD.suicides_prevented, OLD.outcome, OLD.weapons, OLD.location_type, OLD.precipitating_event, OLD.communication_mode, OLD.subject_age_band, OLD.subject_gender, OLD.subject_under_influence, OLD.subject_mental_health_history, OLD.subject_prior_police_contact, OLD.injured_subjects, OLD.injured_hostages, OLD.injured_police, OLD.injured_bystanders, OLD.deaths_subjects, OLD.deaths_hostages, OLD.deaths_police, OLD.deaths_bystanders, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;
CREATE TRIGGER audit_crises_insert AFTER INSERT ON crises WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'crisis', NEW.id, NULL, casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.team_slug, NEW.reference_year, NEW.reference_seq, NEW.started_at, NEW.started_on, NEW.ended_at, NEW.type, NEW.municipality, NEW.location_note, NEW.subjects, NEW.hostages, NEW.hostages_released, NEW.suicides_prevented, NEW.outcome, NEW.weapons, NEW.location_type, NEW.precipitating_event, NEW.communication_mode, NEW.subject_age_band, NEW.subject_gender, NEW.subject_under_influence, NEW.subject_mental_health_history, NEW.subject_prior_police_contact, NEW.injured_subjects, NEW.injured_hostages, NEW.injured_police, NEW.injured_bystanders, NEW.deaths_subjects, NEW.deaths_hostages, NEW.deaths_police, NEW.deaths_bystanders, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_crises_update AFTER UPDATE ON crises BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'crisis', NEW.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.team_slug, OLD.reference_year, OLD.reference_seq, OLD.started_at, OLD.started_on, OLD.ended_at, OLD.type, OLD.municipality, OLD.location_note, OLD.subjects, OLD.hostages, OLD.hostages_released, OLD.suicides_prevented, OLD.outcome, OLD.weapons, OLD.location_type, OLD.precipitating_event, OLD.communication_mode, OLD.subject_age_band, OLD.subject_gender, OLD.subject_under_influence, OLD.subject_mental_health_history, OLD.subject_prior_police_contact, OLD.injured_subjects, OLD.injured_hostages, OLD.injured_police, OLD.injured_bystanders, OLD.deaths_subjects, OLD.deaths_hostages, OLD.deaths_police, OLD.deaths_bystanders, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.team_slug, NEW.reference_year, NEW.reference_seq, NEW.started_at, NEW.started_on, NEW.ended_at, NEW.type, NEW.municipality, NEW.location_note, NEW.subjects, NEW.hostages, NEW.hostages_released, NEW.suicides_prevented, NEW.outcome, NEW.weapons, NEW.location_type, NEW.precipitating_event, NEW.communication_mode, NEW.subject_age_band, NEW.subject_gender, NEW.subject_under_influence, NEW.subject_mental_health_history, NEW.subject_prior_police_contact, NEW.injured_subjects, NEW.injured_hostages, NEW.injured_police, NEW.injured_bystanders, NEW.deaths_subjects, NEW.deaths_hostages, NEW.deaths_police, NEW.deaths_bystanders, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER crises_fts_delete AFTER DELETE ON crises BEGIN
  INSERT INTO crises_fts (crises_fts, rowid, reference, municipality, location_note, notes, team_slug)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.municipality, OLD.location_note, OLD.notes, OLD.team_slug);
END;
CREATE TRIGGER crises_fts_insert AFTER INSERT ON crises WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO crises_fts (rowid, reference, municipality, location_note, notes, team_slug)
  VALUES (NEW.row_id, NEW.reference, NEW.municipality, NEW.location_note, NEW.notes, NEW.team_slug);
END;
CREATE TRIGGER crises_fts_update AFTER UPDATE OF reference, municipality, location_note, notes, team_slug ON crises BEGIN
  INSERT INTO crises_fts (crises_fts, rowid, reference, municipality, location_note, notes, team_slug)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.municipality, OLD.location_note, OLD.notes, OLD.team_slug);
  INSERT INTO crises_fts (rowid, reference, municipality, location_note, notes, team_slug)
  VALUES (NEW.row_id, NEW.reference, NEW.municipality, NEW.location_note, NEW.notes, NEW.team_slug);
END;
CREATE TRIGGER crisis_aggregates_delete AFTER DELETE ON crises BEGIN
  UPDATE crisis_aggregates SET
    crises = crises - 1,
    resolved = resolved - (coalesce(OLD.outcome, '') IN ('surrender', 'talked_down', 'released')),
    hostages_released = hostages_released - OLD.hostages_released,
    suicides_prevented = suicides_prevented - OLD.suicides_prevented,
    released_contributors = released_contributors - (OLD.hostages_released > 0),
    prevented_contributors = prevented_contributors - (OLD.suicides_prevented > 0)
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open') AND month = substr(OLD.started_on, 1, 7);
  DELETE FROM crisis_aggregates
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open') AND month = substr(OLD.started_on, 1, 7) AND crises = 0;
  UPDATE crisis_aggregates_yearly SET
    crises = crises - 1,
    resolved = resolved - (coalesce(OLD.outcome, '') IN ('surrender', 'talked_down', 'released')),
    hostages_released = hostages_released - OLD.hostages_released,
    suicides_prevented = suicides_prevented - OLD.suicides_prevented
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open');
  DELETE FROM crisis_aggregates_yearly
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open') AND crises = 0;
END;
CREATE TRIGGER crisis_aggregates_insert AFTER INSERT ON crises WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO crisis_aggregates
    (team_slug, year, month, type, outcome, crises, resolved, hostages_released, suicides_prevented, released_contributors, prevented_contributors)
  VALUES (
    NEW.team_slug, substr(NEW.started_on, 1, 4), substr(NEW.started_on, 1, 7), NEW.type, coalesce(NEW.outcome, 'open'),
    1, coalesce(NEW.outcome, '') IN ('surrender', 'talked_down', 'released'), NEW.hostages_released, NEW.suicides_prevented,
    NEW.hostages_released > 0, NEW.suicides_prevented > 0
  )
  ON CONFLICT (team_slug, year, type, outcome, month) DO UPDATE SET
    crises = crises + excluded.crises,
    resolved = resolved + excluded.resolved,
    hostages_released = hostages_released + excluded.hostages_released,
    suicides_prevented = suicides_prevented + excluded.suicides_prevented,
    released_contributors = released_contributors + excluded.released_contributors,
    prevented_contributors = prevented_contributors + excluded.prevented_contributors;
  INSERT INTO crisis_aggregates_yearly
    (team_slug, year, type, outcome, crises, resolved, hostages_released, suicides_prevented)
  VALUES (
    NEW.team_slug, substr(NEW.started_on, 1, 4), NEW.type, coalesce(NEW.outcome, 'open'),
    1, coalesce(NEW.outcome, '') IN ('surrender', 'talked_down', 'released'), NEW.hostages_released, NEW.suicides_prevented
  )
  ON CONFLICT (team_slug, year, type, outcome) DO UPDATE SET
    crises = crises + excluded.crises,
    resolved = resolved + excluded.resolved,
    hostages_released = hostages_released + excluded.hostages_released,
    suicides_prevented = suicides_prevented + excluded.suicides_prevented;
END;
CREATE TRIGGER crisis_aggregates_update
AFTER UPDATE OF team_slug, started_on, type, outcome, hostages_released, suicides_prevented ON crises
WHEN OLD.team_slug IS NOT NEW.team_slug OR OLD.started_on IS NOT NEW.started_on OR OLD.type IS NOT NEW.type
  OR OLD.outcome IS NOT NEW.outcome OR OLD.hostages_released IS NOT NEW.hostages_released
  OR OLD.suicides_prevented IS NOT NEW.suicides_prevented
BEGIN
  UPDATE crisis_aggregates SET
    crises = crises - 1,
    resolved = resolved - (coalesce(OLD.outcome, '') IN ('surrender', 'talked_down', 'released')),
    hostages_released = hostages_released - OLD.hostages_released,
    suicides_prevented = suicides_prevented - OLD.suicides_prevented,
    released_contributors = released_contributors - (OLD.hostages_released > 0),
    prevented_contributors = prevented_contributors - (OLD.suicides_prevented > 0)
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open') AND month = substr(OLD.started_on, 1, 7);
  DELETE FROM crisis_aggregates
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open') AND month = substr(OLD.started_on, 1, 7) AND crises = 0;
  UPDATE crisis_aggregates_yearly SET
    crises = crises - 1,
    resolved = resolved - (coalesce(OLD.outcome, '') IN ('surrender', 'talked_down', 'released')),
    hostages_released = hostages_released - OLD.hostages_released,
    suicides_prevented = suicides_prevented - OLD.suicides_prevented
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open');
  DELETE FROM crisis_aggregates_yearly
  WHERE team_slug = OLD.team_slug AND year = substr(OLD.started_on, 1, 4) AND type = OLD.type
    AND outcome = coalesce(OLD.outcome, 'open') AND crises = 0;
  INSERT INTO crisis_aggregates
    (team_slug, year, month, type, outcome, crises, resolved, hostages_released, suicides_prevented, released_contributors, prevented_contributors)
  VALUES (
    NEW.team_slug, substr(NEW.started_on, 1, 4), substr(NEW.started_on, 1, 7), NEW.type, coalesce(NEW.outcome, 'open'),
    1, coalesce(NEW.outcome, '') IN ('surrender', 'talked_down', 'released'), NEW.hostages_released, NEW.suicides_prevented,
    NEW.hostages_released > 0, NEW.suicides_prevented > 0
  )
  ON CONFLICT (team_slug, year, type, outcome, month) DO UPDATE SET
    crises = crises + excluded.crises,
    resolved = resolved + excluded.resolved,
    hostages_released = hostages_released + excluded.hostages_released,
    suicides_prevented = suicides_prevented + excluded.suicides_prevented,
    released_contributors = released_contributors + excluded.released_contributors,
    prevented_contributors = prevented_contributors + excluded.prevented_contributors;
  INSERT INTO crisis_aggregates_yearly
    (team_slug, year, type, outcome, crises, resolved, hostages_released, suicides_prevented)
  VALUES (
    NEW.team_slug, substr(NEW.started_on, 1, 4), NEW.type, coalesce(NEW.outcome, 'open'),
    1, coalesce(NEW.outcome, '') IN ('surrender', 'talked_down', 'released'), NEW.hostages_released, NEW.suicides_prevented
  )
  ON CONFLICT (team_slug, year, type, outcome) DO UPDATE SET
    crises = crises + excluded.crises,
    resolved = resolved + excluded.resolved,
    hostages_released = hostages_released + excluded.hostages_released,
    suicides_prevented = suicides_prevented + excluded.suicides_prevented;
END;

-- hotline_calls
CREATE TABLE hotline_calls_rebuilt (
  row_id INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  reference TEXT NOT NULL UNIQUE,
  reference_year INTEGER NOT NULL,
  reference_seq INTEGER NOT NULL CHECK (reference_seq >= 1),
  received_at TEXT NOT NULL,
  received_on TEXT NOT NULL,
  caller TEXT NOT NULL CHECK (length(caller) >= 1),
  outlet TEXT NOT NULL DEFAULT '',
  threat TEXT NOT NULL
    CHECK (threat = 'physical_attack' OR threat = 'threat' OR threat = 'online_harassment' OR threat = 'surveillance' OR threat = 'legal_pressure' OR threat = 'other'),
  urgency TEXT NOT NULL CHECK (urgency = 'immediate' OR urgency = 'high' OR urgency = 'normal'),
  municipality TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL
    CHECK (action = 'police_dispatched' OR action = 'prosecutor_notified' OR action = 'referred' OR action = 'advice_given' OR action = 'other'),
  follow_up_due TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'closed'),
  notes TEXT NOT NULL DEFAULT '',
  import_key TEXT UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  UNIQUE (reference_year, reference_seq)
) STRICT;
INSERT INTO hotline_calls_rebuilt SELECT * FROM hotline_calls ORDER BY row_id;
DROP TABLE hotline_calls;
PRAGMA legacy_alter_table = ON;
ALTER TABLE hotline_calls_rebuilt RENAME TO hotline_calls;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX hotline_by_day ON hotline_calls (received_on, threat, urgency, action);
CREATE INDEX hotline_by_received ON hotline_calls (received_at, id);
CREATE INDEX hotline_follow_up ON hotline_calls (status, follow_up_due);
CREATE TRIGGER audit_hotline_calls_delete AFTER DELETE ON hotline_calls BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'hotline_call', OLD.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.reference_year, OLD.reference_seq, OLD.received_at, OLD.received_on, OLD.caller, OLD.outlet, OLD.threat, OLD.urgency, OLD.municipality, OLD.action, OLD.follow_up_due, OLD.status, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;
CREATE TRIGGER audit_hotline_calls_insert AFTER INSERT ON hotline_calls WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'hotline_call', NEW.id, NULL, casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.reference_year, NEW.reference_seq, NEW.received_at, NEW.received_on, NEW.caller, NEW.outlet, NEW.threat, NEW.urgency, NEW.municipality, NEW.action, NEW.follow_up_due, NEW.status, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_hotline_calls_update AFTER UPDATE ON hotline_calls BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'hotline_call', NEW.id, casebook_row_hash(json_array(OLD.row_id, OLD.id, OLD.reference, OLD.reference_year, OLD.reference_seq, OLD.received_at, OLD.received_on, OLD.caller, OLD.outlet, OLD.threat, OLD.urgency, OLD.municipality, OLD.action, OLD.follow_up_due, OLD.status, OLD.notes, OLD.import_key, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.reference_year, NEW.reference_seq, NEW.received_at, NEW.received_on, NEW.caller, NEW.outlet, NEW.threat, NEW.urgency, NEW.municipality, NEW.action, NEW.follow_up_due, NEW.status, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER hotline_aggregates_delete AFTER DELETE ON hotline_calls BEGIN
  UPDATE hotline_aggregates SET calls = calls - 1
  WHERE month = substr(OLD.received_on, 1, 7) AND threat = OLD.threat AND urgency = OLD.urgency AND action = OLD.action;
  DELETE FROM hotline_aggregates
  WHERE month = substr(OLD.received_on, 1, 7) AND threat = OLD.threat AND urgency = OLD.urgency AND action = OLD.action
    AND calls = 0;
END;
CREATE TRIGGER hotline_aggregates_insert AFTER INSERT ON hotline_calls WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO hotline_aggregates (month, threat, urgency, action, calls)
  VALUES (substr(NEW.received_on, 1, 7), NEW.threat, NEW.urgency, NEW.action, 1)
  ON CONFLICT (month, threat, urgency, action) DO UPDATE SET calls = calls + 1;
END;
CREATE TRIGGER hotline_aggregates_update AFTER UPDATE OF received_on, threat, urgency, action ON hotline_calls
WHEN OLD.received_on IS NOT NEW.received_on OR OLD.threat IS NOT NEW.threat OR OLD.urgency IS NOT NEW.urgency
  OR OLD.action IS NOT NEW.action
BEGIN
  UPDATE hotline_aggregates SET calls = calls - 1
  WHERE month = substr(OLD.received_on, 1, 7) AND threat = OLD.threat AND urgency = OLD.urgency AND action = OLD.action;
  DELETE FROM hotline_aggregates
  WHERE month = substr(OLD.received_on, 1, 7) AND threat = OLD.threat AND urgency = OLD.urgency AND action = OLD.action
    AND calls = 0;
  INSERT INTO hotline_aggregates (month, threat, urgency, action, calls)
  VALUES (substr(NEW.received_on, 1, 7), NEW.threat, NEW.urgency, NEW.action, 1)
  ON CONFLICT (month, threat, urgency, action) DO UPDATE SET calls = calls + 1;
END;
CREATE TRIGGER hotline_fts_delete AFTER DELETE ON hotline_calls BEGIN
  INSERT INTO hotline_fts (hotline_fts, rowid, reference, caller, outlet, municipality, notes)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.caller, OLD.outlet, OLD.municipality, OLD.notes);
END;
CREATE TRIGGER hotline_fts_insert AFTER INSERT ON hotline_calls WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO hotline_fts (rowid, reference, caller, outlet, municipality, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.caller, NEW.outlet, NEW.municipality, NEW.notes);
END;
CREATE TRIGGER hotline_fts_update AFTER UPDATE OF reference, caller, outlet, municipality, notes ON hotline_calls BEGIN
  INSERT INTO hotline_fts (hotline_fts, rowid, reference, caller, outlet, municipality, notes)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.caller, OLD.outlet, OLD.municipality, OLD.notes);
  INSERT INTO hotline_fts (rowid, reference, caller, outlet, municipality, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.caller, NEW.outlet, NEW.municipality, NEW.notes);
END;

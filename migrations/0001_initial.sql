-- Teams, members, crises with their deployments and negotiation log, and hotline calls.
-- Instants are stored as UTC ISO-8601 text ('…Z'), so text order is time order; *_on columns
-- hold the calendar day in Serbia's time zone, which is what periods and date filters mean.

CREATE TABLE teams (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE
) STRICT;

INSERT INTO teams (slug, name, code) VALUES
  ('belgrade', 'Beograd', 'BG'),
  ('novi-sad', 'Novi Sad', 'NS'),
  ('nis', 'Niš', 'NI'),
  ('kragujevac', 'Kragujevac', 'KG'),
  ('kraljevo', 'Kraljevo', 'KV');

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  team_slug TEXT NOT NULL REFERENCES teams (slug),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  call_sign TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('team_leader', 'negotiator', 'coach', 'intelligence', 'log_keeper')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;
CREATE INDEX members_by_team ON members (team_slug, active, name);

CREATE TABLE crises (
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
  type TEXT NOT NULL CHECK (type IN ('hostage', 'barricade', 'suicide_attempt', 'kidnapping', 'other')),
  municipality TEXT NOT NULL DEFAULT '',
  location_note TEXT NOT NULL DEFAULT '',
  subjects INTEGER NOT NULL DEFAULT 1 CHECK (subjects >= 0),
  hostages INTEGER NOT NULL DEFAULT 0 CHECK (hostages >= 0),
  hostages_released INTEGER NOT NULL DEFAULT 0 CHECK (hostages_released >= 0 AND hostages_released <= hostages),
  suicides_prevented INTEGER NOT NULL DEFAULT 0 CHECK (suicides_prevented >= 0),
  outcome TEXT CHECK (outcome IN ('surrender', 'talked_down', 'released', 'tactical', 'suicide', 'escaped', 'other')),
  weapons TEXT NOT NULL DEFAULT 'unknown'
    CHECK (weapons IN ('none', 'firearm', 'explosive', 'bladed', 'other', 'unknown')),
  location_type TEXT NOT NULL DEFAULT 'unknown'
    CHECK (location_type IN ('residence', 'business', 'vehicle', 'public_place', 'custody_facility', 'open_area', 'unknown')),
  precipitating_event TEXT NOT NULL DEFAULT 'unknown'
    CHECK (precipitating_event IN ('domestic_dispute', 'mental_health_crisis', 'criminal_act_interrupted', 'workplace', 'custody', 'other', 'unknown')),
  communication_mode TEXT NOT NULL DEFAULT 'unknown'
    CHECK (communication_mode IN ('face_to_face', 'phone', 'throw_phone', 'intermediary', 'unknown')),
  subject_age_band TEXT NOT NULL DEFAULT 'unknown'
    CHECK (subject_age_band IN ('under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'unknown')),
  subject_gender TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_gender IN ('male', 'female', 'other', 'unknown')),
  subject_under_influence TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_under_influence IN ('yes', 'no', 'unknown')),
  subject_mental_health_history TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_mental_health_history IN ('yes', 'no', 'unknown')),
  subject_prior_police_contact TEXT NOT NULL DEFAULT 'unknown' CHECK (subject_prior_police_contact IN ('yes', 'no', 'unknown')),
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
CREATE INDEX crises_by_start ON crises (started_at, id);
CREATE INDEX crises_by_team_start ON crises (team_slug, started_at, id);
CREATE INDEX crises_by_day ON crises (started_on, team_slug, type, outcome, hostages_released, suicides_prevented);

CREATE TABLE crisis_deployments (
  crisis_id TEXT NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members (id),
  role TEXT NOT NULL
    CHECK (role IN ('team_leader', 'lead_negotiator', 'secondary_negotiator', 'coach', 'intelligence', 'log_keeper')),
  PRIMARY KEY (crisis_id, member_id, role)
) STRICT;
CREATE INDEX crisis_deployments_by_member ON crisis_deployments (member_id);

CREATE TABLE crisis_log (
  id TEXT PRIMARY KEY,
  crisis_id TEXT NOT NULL REFERENCES crises (id) ON DELETE CASCADE,
  kind TEXT NOT NULL
    CHECK (kind IN ('contact_established', 'demand', 'deadline', 'concession', 'release', 'surrender', 'note')),
  at TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  released_count INTEGER NOT NULL DEFAULT 0
    CHECK (released_count >= 0 AND (kind = 'release') = (released_count > 0)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;
CREATE INDEX crisis_log_by_crisis ON crisis_log (crisis_id, at, id);

-- Once a crisis is closed its log is append-only.
CREATE TRIGGER crisis_log_frozen_update BEFORE UPDATE ON crisis_log
WHEN (SELECT ended_at FROM crises WHERE id = OLD.crisis_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'crisis_closed'); END;
CREATE TRIGGER crisis_log_frozen_delete BEFORE DELETE ON crisis_log
WHEN (SELECT ended_at FROM crises WHERE id = OLD.crisis_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'crisis_closed'); END;

CREATE VIRTUAL TABLE crises_fts USING fts5 (
  reference, municipality, location_note, notes,
  content = 'crises', content_rowid = 'row_id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER crises_fts_insert AFTER INSERT ON crises BEGIN
  INSERT INTO crises_fts (rowid, reference, municipality, location_note, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.municipality, NEW.location_note, NEW.notes);
END;
CREATE TRIGGER crises_fts_delete AFTER DELETE ON crises BEGIN
  INSERT INTO crises_fts (crises_fts, rowid, reference, municipality, location_note, notes)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.municipality, OLD.location_note, OLD.notes);
END;
CREATE TRIGGER crises_fts_update AFTER UPDATE OF reference, municipality, location_note, notes ON crises BEGIN
  INSERT INTO crises_fts (crises_fts, rowid, reference, municipality, location_note, notes)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.municipality, OLD.location_note, OLD.notes);
  INSERT INTO crises_fts (rowid, reference, municipality, location_note, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.municipality, NEW.location_note, NEW.notes);
END;

CREATE TABLE hotline_calls (
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
    CHECK (threat IN ('physical_attack', 'threat', 'online_harassment', 'surveillance', 'legal_pressure', 'other')),
  urgency TEXT NOT NULL CHECK (urgency IN ('immediate', 'high', 'normal')),
  municipality TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL
    CHECK (action IN ('police_dispatched', 'prosecutor_notified', 'referred', 'advice_given', 'other')),
  follow_up_due TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  notes TEXT NOT NULL DEFAULT '',
  import_key TEXT UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  UNIQUE (reference_year, reference_seq)
) STRICT;
CREATE INDEX hotline_by_received ON hotline_calls (received_at, id);
CREATE INDEX hotline_by_day ON hotline_calls (received_on, threat, urgency, action);
CREATE INDEX hotline_follow_up ON hotline_calls (status, follow_up_due);

CREATE VIRTUAL TABLE hotline_fts USING fts5 (
  reference, caller, outlet, municipality, notes,
  content = 'hotline_calls', content_rowid = 'row_id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER hotline_fts_insert AFTER INSERT ON hotline_calls BEGIN
  INSERT INTO hotline_fts (rowid, reference, caller, outlet, municipality, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.caller, NEW.outlet, NEW.municipality, NEW.notes);
END;
CREATE TRIGGER hotline_fts_delete AFTER DELETE ON hotline_calls BEGIN
  INSERT INTO hotline_fts (hotline_fts, rowid, reference, caller, outlet, municipality, notes)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.caller, OLD.outlet, OLD.municipality, OLD.notes);
END;
CREATE TRIGGER hotline_fts_update AFTER UPDATE OF reference, caller, outlet, municipality, notes ON hotline_calls BEGIN
  INSERT INTO hotline_fts (hotline_fts, rowid, reference, caller, outlet, municipality, notes)
  VALUES ('delete', OLD.row_id, OLD.reference, OLD.caller, OLD.outlet, OLD.municipality, OLD.notes);
  INSERT INTO hotline_fts (rowid, reference, caller, outlet, municipality, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.caller, NEW.outlet, NEW.municipality, NEW.notes);
END;

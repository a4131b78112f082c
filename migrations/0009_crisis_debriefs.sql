-- The team's debrief of a crisis: what worked, what did not, and the lessons, kept with the
-- crisis and printed in its incident report. One per crisis; it goes with the crisis.
-- Audited like every record (by triggers, as in 0004): who changed it, when, and the hash of
-- the row before and after.

CREATE TABLE crisis_debriefs (
  crisis_id TEXT PRIMARY KEY REFERENCES crises (id) ON DELETE CASCADE,
  what_worked TEXT NOT NULL DEFAULT '',
  what_did_not_work TEXT NOT NULL DEFAULT '',
  lessons TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TRIGGER audit_crisis_debriefs_insert AFTER INSERT ON crisis_debriefs BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'crisis_debrief', NEW.crisis_id, NULL, casebook_row_hash(json_array(NEW.crisis_id, NEW.what_worked, NEW.what_did_not_work, NEW.lessons, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_crisis_debriefs_update AFTER UPDATE ON crisis_debriefs BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'update', 'crisis_debrief', NEW.crisis_id, casebook_row_hash(json_array(OLD.crisis_id, OLD.what_worked, OLD.what_did_not_work, OLD.lessons, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), casebook_row_hash(json_array(NEW.crisis_id, NEW.what_worked, NEW.what_did_not_work, NEW.lessons, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;
CREATE TRIGGER audit_crisis_debriefs_delete AFTER DELETE ON crisis_debriefs BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'delete', 'crisis_debrief', OLD.crisis_id, casebook_row_hash(json_array(OLD.crisis_id, OLD.what_worked, OLD.what_did_not_work, OLD.lessons, OLD.created_at, OLD.created_by, OLD.updated_at, OLD.updated_by, OLD.version)), NULL);
END;

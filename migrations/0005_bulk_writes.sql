-- Bulk writes. A spreadsheet import of 100,000 rows paid, per row, for the full-text entry, two
-- aggregate upserts and an audit entry with its hash, each by a trigger. The row-by-row insert
-- triggers now stand aside while casebook_bulk_write() is 1 (a function the app registers on its
-- connection; it is 1 only inside Store.bulkWrite). The bulk writer then brings the full-text
-- index and the aggregates up to date with set-based statements, and records the import as one
-- audit entry with a digest of every row it wrote, all in the same transaction.
-- Updates and deletes are never bulk: their triggers are unchanged.

DROP TRIGGER crises_fts_insert;
CREATE TRIGGER crises_fts_insert AFTER INSERT ON crises WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO crises_fts (rowid, reference, municipality, location_note, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.municipality, NEW.location_note, NEW.notes);
END;

DROP TRIGGER hotline_fts_insert;
CREATE TRIGGER hotline_fts_insert AFTER INSERT ON hotline_calls WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO hotline_fts (rowid, reference, caller, outlet, municipality, notes)
  VALUES (NEW.row_id, NEW.reference, NEW.caller, NEW.outlet, NEW.municipality, NEW.notes);
END;

DROP TRIGGER crisis_aggregates_insert;
CREATE TRIGGER crisis_aggregates_insert AFTER INSERT ON crises WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO crisis_aggregates
    (team_slug, year, month, type, outcome, crises, resolved, hostages_released, suicides_prevented)
  VALUES (
    NEW.team_slug, substr(NEW.started_on, 1, 4), substr(NEW.started_on, 1, 7), NEW.type, coalesce(NEW.outcome, 'open'),
    1, coalesce(NEW.outcome, '') IN ('surrender', 'talked_down', 'released'), NEW.hostages_released, NEW.suicides_prevented
  )
  ON CONFLICT (team_slug, year, type, outcome, month) DO UPDATE SET
    crises = crises + excluded.crises,
    resolved = resolved + excluded.resolved,
    hostages_released = hostages_released + excluded.hostages_released,
    suicides_prevented = suicides_prevented + excluded.suicides_prevented;
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

DROP TRIGGER hotline_aggregates_insert;
CREATE TRIGGER hotline_aggregates_insert AFTER INSERT ON hotline_calls WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO hotline_aggregates (month, threat, urgency, action, calls)
  VALUES (substr(NEW.received_on, 1, 7), NEW.threat, NEW.urgency, NEW.action, 1)
  ON CONFLICT (month, threat, urgency, action) DO UPDATE SET calls = calls + 1;
END;

DROP TRIGGER audit_crises_insert;
CREATE TRIGGER audit_crises_insert AFTER INSERT ON crises WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'crisis', NEW.id, NULL, casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.team_slug, NEW.reference_year, NEW.reference_seq, NEW.started_at, NEW.started_on, NEW.ended_at, NEW.type, NEW.municipality, NEW.location_note, NEW.subjects, NEW.hostages, NEW.hostages_released, NEW.suicides_prevented, NEW.outcome, NEW.weapons, NEW.location_type, NEW.precipitating_event, NEW.communication_mode, NEW.subject_age_band, NEW.subject_gender, NEW.subject_under_influence, NEW.subject_mental_health_history, NEW.subject_prior_police_contact, NEW.injured_subjects, NEW.injured_hostages, NEW.injured_police, NEW.injured_bystanders, NEW.deaths_subjects, NEW.deaths_hostages, NEW.deaths_police, NEW.deaths_bystanders, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;

DROP TRIGGER audit_crisis_deployments_insert;
CREATE TRIGGER audit_crisis_deployments_insert AFTER INSERT ON crisis_deployments WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'deployment', NEW.crisis_id || '/' || NEW.member_id || '/' || NEW.role, NULL, casebook_row_hash(json_array(NEW.crisis_id, NEW.member_id, NEW.role)));
END;

DROP TRIGGER audit_hotline_calls_insert;
CREATE TRIGGER audit_hotline_calls_insert AFTER INSERT ON hotline_calls WHEN casebook_bulk_write() = 0 BEGIN
  INSERT INTO audit_log (actor, action, record_kind, record_id, hash_before, hash_after)
  VALUES (casebook_actor(), 'insert', 'hotline_call', NEW.id, NULL, casebook_row_hash(json_array(NEW.row_id, NEW.id, NEW.reference, NEW.reference_year, NEW.reference_seq, NEW.received_at, NEW.received_on, NEW.caller, NEW.outlet, NEW.threat, NEW.urgency, NEW.municipality, NEW.action, NEW.follow_up_due, NEW.status, NEW.notes, NEW.import_key, NEW.created_at, NEW.created_by, NEW.updated_at, NEW.updated_by, NEW.version)));
END;

-- Running totals for the statistics, so a dashboard reads a few thousand rows instead of every
-- crisis and call. Triggers keep them in the same transaction as each write, whoever makes it:
-- the services, spreadsheet import, bundles, or raw SQL. Months are Serbian calendar months
-- (substr of started_on / received_on), so a date filter at month boundaries reads only these
-- tables; partial months at the edges of a period are counted from the raw tables.
-- A group whose count falls to zero is removed, so the tables hold only groups that exist.

-- The same totals per whole year, so a dashboard over years reads a tenth of the rows.
CREATE TABLE crisis_aggregates_yearly (
  team_slug TEXT NOT NULL,
  year TEXT NOT NULL,
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  crises INTEGER NOT NULL,
  resolved INTEGER NOT NULL,
  hostages_released INTEGER NOT NULL,
  suicides_prevented INTEGER NOT NULL,
  PRIMARY KEY (team_slug, year, type, outcome)
) STRICT, WITHOUT ROWID;

CREATE TABLE crisis_aggregates (
  team_slug TEXT NOT NULL,
  year TEXT NOT NULL,              -- substr(started_on, 1, 4)
  month TEXT NOT NULL,             -- substr(started_on, 1, 7)
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,           -- coalesce(outcome, 'open')
  crises INTEGER NOT NULL,
  resolved INTEGER NOT NULL,       -- outcome IN ('surrender', 'talked_down', 'released')
  hostages_released INTEGER NOT NULL,
  suicides_prevented INTEGER NOT NULL,
  -- In the order statistics group by, so grouping needs no sort.
  PRIMARY KEY (team_slug, year, type, outcome, month)
) STRICT, WITHOUT ROWID;

INSERT INTO crisis_aggregates
SELECT team_slug, substr(started_on, 1, 4), substr(started_on, 1, 7), type, coalesce(outcome, 'open'),
  count(*), sum(coalesce(outcome, '') IN ('surrender', 'talked_down', 'released')),
  sum(hostages_released), sum(suicides_prevented)
FROM crises
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO crisis_aggregates_yearly
SELECT team_slug, year, type, outcome, sum(crises), sum(resolved), sum(hostages_released), sum(suicides_prevented)
FROM crisis_aggregates
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER crisis_aggregates_insert AFTER INSERT ON crises BEGIN
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

CREATE TRIGGER crisis_aggregates_delete AFTER DELETE ON crises BEGIN
  UPDATE crisis_aggregates SET
    crises = crises - 1,
    resolved = resolved - (coalesce(OLD.outcome, '') IN ('surrender', 'talked_down', 'released')),
    hostages_released = hostages_released - OLD.hostages_released,
    suicides_prevented = suicides_prevented - OLD.suicides_prevented
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

-- Only when a counted column really changes (an edit rewrites every column).
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
    suicides_prevented = suicides_prevented - OLD.suicides_prevented
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

CREATE TABLE hotline_aggregates (
  month TEXT NOT NULL,             -- substr(received_on, 1, 7)
  threat TEXT NOT NULL,
  urgency TEXT NOT NULL,
  action TEXT NOT NULL,
  calls INTEGER NOT NULL,
  PRIMARY KEY (month, threat, urgency, action)
) STRICT, WITHOUT ROWID;

-- Totals per threat, urgency and action over a period, without sorting the months.
CREATE INDEX hotline_aggregates_by_kind ON hotline_aggregates (threat, urgency, action, month, calls);

INSERT INTO hotline_aggregates
SELECT substr(received_on, 1, 7), threat, urgency, action, count(*)
FROM hotline_calls
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER hotline_aggregates_insert AFTER INSERT ON hotline_calls BEGIN
  INSERT INTO hotline_aggregates (month, threat, urgency, action, calls)
  VALUES (substr(NEW.received_on, 1, 7), NEW.threat, NEW.urgency, NEW.action, 1)
  ON CONFLICT (month, threat, urgency, action) DO UPDATE SET calls = calls + 1;
END;

CREATE TRIGGER hotline_aggregates_delete AFTER DELETE ON hotline_calls BEGIN
  UPDATE hotline_aggregates SET calls = calls - 1
  WHERE month = substr(OLD.received_on, 1, 7) AND threat = OLD.threat AND urgency = OLD.urgency AND action = OLD.action;
  DELETE FROM hotline_aggregates
  WHERE month = substr(OLD.received_on, 1, 7) AND threat = OLD.threat AND urgency = OLD.urgency AND action = OLD.action
    AND calls = 0;
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

-- The day index also carries the crisis id, so a list page sorted by type, outcome or team within
-- a period finds its 50 rows in the index and reads only those crises.
DROP INDEX crises_by_day;
CREATE INDEX crises_by_day ON crises (started_on, team_slug, type, outcome, hostages_released, suicides_prevented, id);

-- The anonymised summary counts, per team, month, type and outcome, how many crises had a hostage
-- released or a suicide prevented (so a sum is suppressed with the count of those who make it up).
-- The monthly aggregates now keep those two counts too, so the summary reads the aggregates, a few
-- thousand rows, instead of scanning every crisis (1.1 s at 1,000,000 records, encrypted 1.4x plain).

ALTER TABLE crisis_aggregates ADD COLUMN released_contributors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE crisis_aggregates ADD COLUMN prevented_contributors INTEGER NOT NULL DEFAULT 0;

UPDATE crisis_aggregates AS a SET
  released_contributors = counted.released,
  prevented_contributors = counted.prevented
FROM (
  SELECT team_slug, substr(started_on, 1, 7) AS month, type, coalesce(outcome, 'open') AS outcome,
    sum(hostages_released > 0) AS released, sum(suicides_prevented > 0) AS prevented
  FROM crises GROUP BY 1, 2, 3, 4
) AS counted
WHERE a.team_slug = counted.team_slug AND a.month = counted.month AND a.type = counted.type AND a.outcome = counted.outcome;

DROP TRIGGER crisis_aggregates_insert;
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

DROP TRIGGER crisis_aggregates_delete;
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

DROP TRIGGER crisis_aggregates_update;
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

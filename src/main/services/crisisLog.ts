// The negotiation log: timestamped entries per crisis. While a crisis runs, entries can be
// corrected; once it is closed, the log is append-only (also enforced by triggers).
// Release entries are what the crisis's hostagesReleased adds up to.
import { type LogEntry, type LogEntryKind, logEntryEdit, logEntryInput } from '@shared/domain';
import { CasebookError, validationError } from '@shared/errors';
import { toUtcInstant } from '@shared/time';
import type { z } from 'zod';
import type { Store } from '../store';
import type { CrisisLogTable } from '../store/tables';
import { newId, notFound, now, translateConstraint } from './common';
import { releasedInLog } from './crises';

function toLogEntry(row: CrisisLogTable): LogEntry {
  return {
    id: row.id,
    crisisId: row.crisis_id,
    kind: row.kind as LogEntryKind,
    at: row.at,
    text: row.text,
    releasedCount: row.released_count,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function listLog(store: Store, crisisId: string): LogEntry[] {
  return store
    .all(store.qb.selectFrom('crisis_log').selectAll().where('crisis_id', '=', crisisId).orderBy('at').orderBy('id'))
    .map(toLogEntry);
}

function crisisOf(store: Store, crisisId: string) {
  const crisis = store.first(
    store.qb.selectFrom('crises').select(['id', 'reference', 'ended_at', 'hostages', 'version']).where('id', '=', crisisId),
  );
  if (!crisis) throw notFound('crisis', crisisId);
  return crisis;
}

/** Keeps hostages_released equal to the log's releases, and refuses more releases than hostages. */
function syncReleasedFromLog(store: Store, crisisId: string): void {
  const crisis = crisisOf(store, crisisId);
  const released = releasedInLog(store, crisisId);
  if (released === null) return;
  if (released > crisis.hostages) {
    throw new CasebookError('RULE_VIOLATION', `The log would release ${released} of ${crisis.hostages} hostages.`, [
      { path: 'releasedCount', message: 'released_exceeds_hostages' },
    ]);
  }
  store.run(
    store.qb
      .updateTable('crises')
      .set({ hostages_released: released, updated_at: now(), updated_by: store.actor, version: crisis.version + 1 })
      .where('id', '=', crisisId),
  );
}

function entryRow(store: Store, id: string): CrisisLogTable {
  const row = store.first(store.qb.selectFrom('crisis_log').selectAll().where('id', '=', id));
  if (!row) throw notFound('log entry', id);
  return row;
}

function refuseIfClosed(store: Store, crisisId: string): void {
  const crisis = crisisOf(store, crisisId);
  if (crisis.ended_at) {
    throw new CasebookError('CRISIS_CLOSED', `Crisis ${crisis.reference} is closed: its log can only be added to.`);
  }
}

export function appendLogEntry(store: Store, input: z.input<typeof logEntryInput>): LogEntry {
  const parsed = logEntryInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'log entry');
  const entry = parsed.data;
  const id = newId();
  try {
    store.transaction(() => {
      crisisOf(store, entry.crisisId);
      store.run(
        store.qb.insertInto('crisis_log').values({
          id,
          crisis_id: entry.crisisId,
          kind: entry.kind,
          at: toUtcInstant(entry.at),
          text: entry.text,
          released_count: entry.releasedCount,
          created_at: now(),
          created_by: store.actor,
        }),
      );
      if (entry.kind === 'release') syncReleasedFromLog(store, entry.crisisId);
    });
  } catch (error) {
    translateConstraint(error);
  }
  return toLogEntry(entryRow(store, id));
}

export function editLogEntry(store: Store, input: z.input<typeof logEntryEdit>): LogEntry {
  const parsed = logEntryEdit.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'log entry');
  const edit = parsed.data;
  try {
    store.transaction(() => {
      const current = entryRow(store, edit.id);
      refuseIfClosed(store, current.crisis_id);
      if ((current.kind === 'release') !== edit.releasedCount > 0) {
        throw new CasebookError('VALIDATION', 'Only a release entry carries a released count, and it must be at least 1.', [
          { path: 'releasedCount', message: current.kind === 'release' ? 'release_needs_count' : 'count_only_for_release' },
        ]);
      }
      store.run(
        store.qb
          .updateTable('crisis_log')
          .set({ at: toUtcInstant(edit.at), text: edit.text, released_count: edit.releasedCount })
          .where('id', '=', edit.id),
      );
      if (current.kind === 'release') syncReleasedFromLog(store, current.crisis_id);
    });
  } catch (error) {
    translateConstraint(error);
  }
  return toLogEntry(entryRow(store, edit.id));
}

export function removeLogEntry(store: Store, id: string): void {
  try {
    store.transaction(() => {
      const current = entryRow(store, id);
      refuseIfClosed(store, current.crisis_id);
      store.run(store.qb.deleteFrom('crisis_log').where('id', '=', id));
      if (current.kind === 'release') {
        const released = releasedInLog(store, current.crisis_id) ?? 0;
        const crisis = crisisOf(store, current.crisis_id);
        store.run(
          store.qb
            .updateTable('crises')
            .set({ hostages_released: released, updated_at: now(), updated_by: store.actor, version: crisis.version + 1 })
            .where('id', '=', current.crisis_id),
        );
      }
    });
  } catch (error) {
    translateConstraint(error);
  }
}

// The team's debrief of a crisis (what worked, what did not, lessons): one per crisis, edited
// with the version last read so two people debriefing at once cannot overwrite each other.
// Audited by the table's triggers (migrations/0009_crisis_debriefs.sql).
import { type Debrief, type DebriefSave, debriefSave } from '@shared/debriefs';
import type { Store } from '../store';
import type { CrisisDebriefsTable } from '../store/tables';
import { notFound, now, versionConflict } from './common';

type DebriefRow = Pick<CrisisDebriefsTable, 'crisis_id' | 'what_worked' | 'what_did_not_work' | 'lessons' | 'updated_at' | 'updated_by'> & {
  version: number;
};

function toDebrief(crisisId: string, row: DebriefRow | undefined): Debrief {
  return {
    crisisId,
    version: row?.version ?? 0,
    whatWorked: row?.what_worked ?? '',
    whatDidNotWork: row?.what_did_not_work ?? '',
    lessons: row?.lessons ?? '',
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

function requireCrisis(store: Store, crisisId: string): void {
  if (!store.first(store.qb.selectFrom('crises').select('id').where('id', '=', crisisId))) throw notFound('crisis', crisisId);
}

function debriefRow(store: Store, crisisId: string): DebriefRow | undefined {
  return store.first(
    store.qb
      .selectFrom('crisis_debriefs')
      .select(['crisis_id', 'what_worked', 'what_did_not_work', 'lessons', 'updated_at', 'updated_by', 'version'])
      .where('crisis_id', '=', crisisId),
  );
}

export function getDebrief(store: Store, crisisId: string): Debrief {
  requireCrisis(store, crisisId);
  return toDebrief(crisisId, debriefRow(store, crisisId));
}

export function saveDebrief(store: Store, input: DebriefSave): Debrief {
  const data = debriefSave.parse(input);
  return store.transaction(() => {
    requireCrisis(store, data.crisisId);
    const at = now();
    const texts = { what_worked: data.whatWorked, what_did_not_work: data.whatDidNotWork, lessons: data.lessons };
    if (data.version === 0) {
      if (debriefRow(store, data.crisisId)) throw versionConflict('debrief');
      store.run(
        store.qb.insertInto('crisis_debriefs').values({
          crisis_id: data.crisisId,
          ...texts,
          created_at: at,
          created_by: store.actor,
          updated_at: at,
          updated_by: store.actor,
          version: 1,
        }),
      );
    } else {
      const { changes } = store.run(
        store.qb
          .updateTable('crisis_debriefs')
          .set({ ...texts, updated_at: at, updated_by: store.actor, version: data.version + 1 })
          .where('crisis_id', '=', data.crisisId)
          .where('version', '=', data.version),
      );
      if (changes === 0) throw versionConflict('debrief');
    }
    return toDebrief(data.crisisId, debriefRow(store, data.crisisId));
  });
}

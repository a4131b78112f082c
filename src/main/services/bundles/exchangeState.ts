// Per record, what this store knows of its history across exchanges: the last version
// exchanged, and the lineage — fingerprints of states the current state descends from. Written
// when a record is exported (its current state joins the lineage) and when one is imported
// (the incoming lineage is merged in).
import type { Store } from '../../store';
import { now } from '../common';
import { exchangeQb } from '../export/tables';

export type ExchangeKind = 'member' | 'crisis' | 'hotline_call';

/** Older fingerprints are forgotten: at worst a later import reports a conflict it could have avoided. */
export const MAX_LINEAGE = 32;

export interface ExchangeState {
  lastExchangedVersion: number;
  lineage: string[];
}

export function readExchangeStates(store: Store, kind: ExchangeKind): Map<string, ExchangeState> {
  const rows = store.all(
    exchangeQb.selectFrom('exchange_state').select(['record_id', 'last_exchanged_version', 'lineage']).where('record_kind', '=', kind),
  );
  return new Map(
    rows.map((row) => [row.record_id, { lastExchangedVersion: row.last_exchanged_version, lineage: JSON.parse(row.lineage) as string[] }]),
  );
}

/** Union of lineages, oldest first, the most recent MAX_LINEAGE kept. */
export function mergeLineage(...lineages: readonly (readonly string[])[]): string[] {
  const merged: string[] = [];
  for (const lineage of lineages) {
    for (const hash of lineage) {
      const at = merged.indexOf(hash);
      if (at >= 0) merged.splice(at, 1);
      merged.push(hash);
    }
  }
  return merged.slice(-MAX_LINEAGE);
}

export function writeExchangeState(store: Store, kind: ExchangeKind, recordId: string, version: number, lineage: readonly string[]): void {
  const row = {
    record_kind: kind,
    record_id: recordId,
    last_exchanged_version: version,
    lineage: JSON.stringify(lineage.slice(-MAX_LINEAGE)),
    exchanged_at: now(),
  };
  store.run(
    exchangeQb
      .insertInto('exchange_state')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['record_kind', 'record_id']).doUpdateSet({
          last_exchanged_version: row.last_exchanged_version,
          lineage: row.lineage,
          exchanged_at: row.exchanged_at,
        }),
      ),
  );
}

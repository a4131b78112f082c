// The speed of a large import, measured on demand: CASEBOOK_IMPORT_PERF=100000 npx vitest run tests/import.perf.test.ts
import { expect, test } from 'vitest';
import { importSpreadsheet } from '../src/main/services/import';
import { listCrises } from '../src/main/services/crises';
import { newTestStore } from './support/tempStore';

const ROWS = Number(process.env['CASEBOOK_IMPORT_PERF'] ?? 0);
const TEAMS = ['Beograd', 'Novi Sad', 'Niš', 'Kragujevac', 'Kraljevo'];

/** Semicolons, CRLF, a BOM and a quoted note on every row, as Excel writes; one crisis every two hours from 2015. */
function syntheticCrises(rows: number): Buffer {
  const lines = ['team;started_at;ended_at;type;municipality;subjects;hostages;hostages_released;suicides_prevented;outcome;lead_negotiator;notes'];
  for (let index = 0; index < rows; index++) {
    const start = new Date(Date.UTC(2015, 0, 1) + index * 7_200_000).toISOString();
    const day = start.slice(0, 10);
    lines.push(
      `${TEAMS[index % 5]};${day} ${start.slice(11, 16)};${day} 23:59;hostage;Opština ${index % 50};1;2;2;0;released;Pregovarač ${index % 40};"beleška ${index}; ok"`,
    );
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

test.skipIf(ROWS === 0)(`imports ${ROWS} synthetic crises in one transaction`, async () => {
  const { store } = await newTestStore();
  const file = syntheticCrises(ROWS);
  const started = performance.now();
  const result = importSpreadsheet(store, file, { kind: 'crises' });
  const seconds = (performance.now() - started) / 1000;
  const again = performance.now();
  const second = importSpreadsheet(store, file, { kind: 'crises' });
  const secondSeconds = (performance.now() - again) / 1000;
  console.log(
    `${ROWS} rows: imported in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s); ` +
      `imported again (all already present) in ${secondSeconds.toFixed(1)} s (${Math.round(ROWS / secondSeconds)} rows/s)`,
  );
  expect(result).toMatchObject({ rowsRead: ROWS, imported: ROWS, invalid: [], membersCreated: 5 * 8 });
  expect(second).toMatchObject({ imported: 0, alreadyPresent: ROWS });
  expect(listCrises(store, { limit: 1 }).total).toBe(ROWS);
}, 600_000);

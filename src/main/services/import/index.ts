// Spreadsheet import: crises and hotline calls from CSV files as Excel writes them.
import { readFileSync } from 'node:fs';
import { CasebookError } from '@shared/errors';
import type { Store } from '../../store';
import { importCsv } from './run';
import type { ImportOptions, ImportResult } from './types';

export { importCsv, importKeyOf } from './run';
export { IMPORT_KINDS } from './types';
export type { ImportKind, ImportOptions, ImportProgress, ImportResult } from './types';
export { readTeam, readInstant } from './values';

/** Reads a CSV file from disk and imports it; an unreadable file is IMPORT_INVALID. */
export function importCsvFile(store: Store, path: string, options: ImportOptions): ImportResult {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CasebookError('IMPORT_INVALID', `Cannot read ${path}: ${reason}.`);
  }
  return importCsv(store, content, { ...options, handOverContent: true });
}

// Spreadsheet import: crises and hotline calls from CSV files and Excel workbooks.
import { readFileSync } from 'node:fs';
import { CasebookError } from '@shared/errors';
import type { Store } from '../../store';
import { importSpreadsheet } from './run';
import type { ImportOptions, ImportResult } from './types';

export { importSpreadsheet } from './run';
export { importKeyOf } from './reading';
export { IMPORT_KINDS } from './types';
export type { ImportKind, ImportOptions, ImportProgress, ImportResult } from './types';
export { readTeam, readInstant } from './values';

/** Reads a CSV file or an Excel workbook from disk and imports it; an unreadable file is IMPORT_INVALID. */
export function importSpreadsheetFile(store: Store, path: string, options: ImportOptions): ImportResult {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CasebookError('IMPORT_INVALID', `Cannot read ${path}: ${reason}.`);
  }
  return importSpreadsheet(store, content, { ...options, handOverContent: true });
}

// Small pieces every service shares: ids, timestamps, keyset cursors, full-text queries and
// spreadsheet column names.
import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { CasebookError } from '@shared/errors';

/**
 * Random bytes for ids, drawn 4 KiB at a time: asking the system for 16 bytes per id took 7 µs,
 * most of what an id costs when an import writes 100,000 records. Ids are not secrets.
 */
const randomPool = Buffer.alloc(4096);
let poolOffset = randomPool.length;
/** uuid's own monotonic state, kept here because uuid only keeps it when it draws its own bytes. */
let lastMsecs = -Infinity;
let sequence = 0;

/** A UUIDv7: time-ordered, and increasing within a millisecond too, so ids sort as they were made. */
export function newId(): string {
  if (poolOffset === randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const random = randomPool.subarray(poolOffset, (poolOffset += 16));
  const msecs = Date.now();
  if (msecs > lastMsecs) {
    lastMsecs = msecs;
    sequence = (((random[6] ?? 0) & 0x7f) << 24) | ((random[7] ?? 0) << 16) | ((random[8] ?? 0) << 8) | (random[9] ?? 0);
  } else {
    sequence = (sequence + 1) | 0;
    if (sequence === 0) lastMsecs++;
  }
  return uuidv7({ msecs: lastMsecs, seq: sequence, random });
}

export function now(): string {
  return new Date().toISOString();
}

export function notFound(what: string, id: string): CasebookError {
  return new CasebookError('NOT_FOUND', `No ${what} with id ${id}.`);
}

export function versionConflict(what: string): CasebookError {
  return new CasebookError(
    'VERSION_CONFLICT',
    `This ${what} was changed by someone else since you opened it. Reload it and apply your change again.`,
  );
}

/**
 * A keyset cursor: the last row's sort value and what breaks ties (a crisis's row id, a hotline
 * call's id), so the next page starts right after it.
 */
export interface KeysetPosition {
  value: string | number | null;
  id: string | number;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');
}

/** `tieBreak`: what the list breaks ties by, so a cursor of another list is refused. */
export function decodeCursor(cursor: string, tieBreak: 'row id' | 'id'): KeysetPosition {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (!(tieBreak === 'id' ? typeof id === 'string' : Number.isSafeInteger(id)) || !(value === null || typeof value === 'string' || typeof value === 'number')) {
      throw new Error('bad cursor');
    }
    return { value, id: id as string | number };
  } catch {
    throw new CasebookError('VALIDATION', 'Invalid list cursor: after', [{ path: 'after', message: 'invalid_cursor' }]);
  }
}

/**
 * Turns what a person types into a safe FTS5 query: every word must match, as a prefix,
 * and nothing typed can reach FTS5's own syntax.
 */
export function fullTextQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((word) => `"${word}"*`).join(' ');
}

/** SQLite CHECK and trigger failures, turned into the domain's own errors. */
export function translateConstraint(error: unknown): never {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_CONSTRAINT')) {
    if (/crisis_closed/.test(error.message)) {
      throw new CasebookError('CRISIS_CLOSED', 'The crisis is closed: its log can only be added to.');
    }
    throw new CasebookError('RULE_VIOLATION', `The store refused the change: ${error.message}`);
  }
  throw error;
}

/** A spreadsheet column's letters from its 0-based index: 0 → A, 27 → AB. */
export function spreadsheetColumn(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

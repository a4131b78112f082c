// The CLI's commands: each parses its arguments, calls the same services the app uses, prints its
// result on stdout and returns an exit code. Errors are thrown; run.ts turns them into one line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { type StatsFilter, passphrase as passphraseSchema } from '@shared/domain';
import { CasebookError } from '@shared/errors';
import { type Store, changePassphrase, createStore, keyFilePathFor, openStore, storeExists } from '../store';
import { IMPORT_KINDS, type ImportKind, type ImportProgress, importSpreadsheet, readTeam } from '../services/import';
import { verifyStore } from '../services/maintenance';
import { statisticsSummary } from '../services/statistics';
import {
  type ParsedCommand,
  UsageError,
  flag,
  optionalString,
  parseCommand,
  readPassphraseFile,
  readUserFile,
  requiredString,
  resolvePath,
} from './args';
import { statisticsText, verifyText } from './format';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Relative paths are read from here. */
  cwd: string;
}

const STORE_OPTIONS = {
  db: { type: 'string' },
  'passphrase-file': { type: 'string' },
} as const;

function storePath(parsed: ParsedCommand, io: CliIo): string {
  return resolvePath(io.cwd, requiredString(parsed, 'db'));
}

function passphraseFrom(parsed: ParsedCommand, io: CliIo, option = 'passphrase-file'): string {
  return readPassphraseFile(resolvePath(io.cwd, requiredString(parsed, option)));
}

function checkNewPassphrase(passphrase: string): void {
  if (!passphraseSchema.safeParse(passphrase).success) {
    throw new UsageError('the new passphrase must be 10 to 1024 characters long');
  }
}

/** Opens the store, runs `work` and always closes it again. */
async function withStore<T>(parsed: ParsedCommand, io: CliIo, work: (store: Store) => T): Promise<T> {
  const path = storePath(parsed, io);
  const store = await openStore({ path, passphrase: passphraseFrom(parsed, io) });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The key file's slot label holds the user's name, and allows at most 80 characters. */
const MAX_USER_NAME = 80;

function defaultUserName(): string {
  try {
    return userInfo().username || 'admin';
  } catch {
    return 'admin';
  }
}

export async function initCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { ...STORE_OPTIONS, user: { type: 'string' } }, { min: 0, max: 0, name: '' });
  const path = storePath(parsed, io);
  const passphrase = passphraseFrom(parsed, io);
  checkNewPassphrase(passphrase);
  const userName = (optionalString(parsed, 'user') ?? defaultUserName()).trim();
  if (userName === '' || userName.length > MAX_USER_NAME) throw new UsageError(`--user must be 1 to ${MAX_USER_NAME} characters`);
  const store = await createStore({ path, passphrase, userName });
  store.close();
  io.stdout(`Created the store ${path} (key file ${keyFilePathFor(path)}) for ${userName}.\n`);
  return 0;
}

function importKind(parsed: ParsedCommand): ImportKind {
  const kind = requiredString(parsed, 'kind');
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`--kind must be ${IMPORT_KINDS.join(' or ')}, not '${kind}'`);
  }
  return kind as ImportKind;
}

/** Files from this size on take long enough to be worth telling progress: ~3,000 rows, a second or more. */
export const IMPORT_PROGRESS_FROM_BYTES = 1024 * 1024;

/**
 * A large import takes a while (~20 s for 100,000 rows into a store of a million records): a line
 * on stderr per tenth of the file. Small files stay quiet, so stderr holds only errors.
 */
function importProgressPrinter(io: CliIo, fileBytes: number): ((progress: ImportProgress) => void) | undefined {
  if (fileBytes < IMPORT_PROGRESS_FROM_BYTES) return undefined;
  let tenthsShown = 0;
  return ({ phase, rowsRead, fileRead }) => {
    if (phase === 'finishing') {
      io.stderr(`import: writing the last rows (${rowsRead.toLocaleString('en')} read)…\n`);
      return;
    }
    if (phase === 'retrying') {
      tenthsShown = 0;
      io.stderr('import: the store refused a row; nothing is kept, the file is read again row by row to name it…\n');
      return;
    }
    const tenths = Math.floor(fileRead * 10);
    if (tenths <= tenthsShown || tenths >= 10) return;
    tenthsShown = tenths;
    io.stderr(`import: ${tenths * 10}% of the file read and written (${rowsRead.toLocaleString('en')} rows)…\n`);
  };
}

/**
 * The built reading thread beside the built CLI (out/main/importReader.js). Run from the sources
 * (the tests call main() in-process) there is none, and the file is read in this thread.
 */
function readerThreadOption(): { readerThread?: string } {
  const file = join(__dirname, 'importReader.js');
  return existsSync(file) ? { readerThread: file } : {};
}

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const options = { ...STORE_OPTIONS, kind: { type: 'string' }, sheet: { type: 'string' }, 'skip-invalid': { type: 'boolean' }, 'dry-run': { type: 'boolean' } } as const;
  const parsed = parseCommand(args, options, { min: 1, max: 1, name: 'the spreadsheet file' });
  const kind = importKind(parsed);
  const file = resolvePath(io.cwd, parsed.positionals[0] ?? '');
  const content = readUserFile(file, 'the spreadsheet file');
  const sheet = optionalString(parsed, 'sheet');
  const result = await withStore(parsed, io, (store) =>
    importSpreadsheet(store, content, {
      kind,
      ...(sheet === undefined ? {} : { sheet }),
      skipInvalid: flag(parsed, 'skip-invalid'),
      dryRun: flag(parsed, 'dry-run'),
      handOverContent: true,
      onProgress: importProgressPrinter(io, content.length),
      ...readerThreadOption(),
    }),
  );
  io.stdout(json(result));
  if (result.dryRun) {
    if (result.invalidRows === 0) return 0;
    io.stderr(`error: ${result.invalidRows} invalid row(s) in ${file}; an import would write nothing, or ${result.importable} row(s) with --skip-invalid (the report lists them)\n`);
    return 1;
  }
  if (!result.committed) {
    io.stderr(`error: ${result.invalidRows} invalid row(s) in ${file}; nothing was imported (the report lists them)\n`);
    return 1;
  }
  return 0;
}

function statsFilterFrom(parsed: ParsedCommand): StatsFilter {
  const filter: StatsFilter = {};
  const team = optionalString(parsed, 'team');
  if (team !== undefined) {
    const slug = readTeam(team);
    if (!slug.ok) throw new UsageError(`--team: ${slug.message}`);
    filter.teamSlug = slug.value;
  }
  const from = optionalString(parsed, 'from');
  const to = optionalString(parsed, 'to');
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`--${name} must be a date, YYYY-MM-DD`);
  }
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  return filter;
}

export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const options = {
    ...STORE_OPTIONS,
    team: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  } as const;
  const parsed = parseCommand(args, options, { min: 0, max: 0, name: '' });
  const filter = statsFilterFrom(parsed);
  const stats = await withStore(parsed, io, (store) => statisticsSummary(store, filter));
  io.stdout(flag(parsed, 'json') ? json(stats) : statisticsText(stats));
  return 0;
}

export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { ...STORE_OPTIONS, json: { type: 'boolean' } }, { min: 0, max: 0, name: '' });
  const report = await withStore(parsed, io, verifyStore);
  io.stdout(flag(parsed, 'json') ? json(report) : verifyText(report));
  if (!report.ok) {
    io.stderr(`error: the store failed verification (${report.problems.length} problem(s))\n`);
    return 1;
  }
  return 0;
}

export async function changePassphraseCommand(args: string[], io: CliIo): Promise<number> {
  const options = { ...STORE_OPTIONS, 'new-passphrase-file': { type: 'string' } } as const;
  const parsed = parseCommand(args, options, { min: 0, max: 0, name: '' });
  const path = storePath(parsed, io);
  const current = passphraseFrom(parsed, io);
  const next = passphraseFrom(parsed, io, 'new-passphrase-file');
  checkNewPassphrase(next);
  if (!storeExists(path)) throw new CasebookError('STORE_MISSING', `No store at ${path}.`);
  await changePassphrase(path, current, next);
  io.stdout(`Changed the passphrase of ${path}.\n`);
  return 0;
}

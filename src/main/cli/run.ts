// The CLI as a function: arguments in, text out, an exit code back. main.ts is the only part that
// touches the process, so tests run commands in-process.
import { CasebookError } from '@shared/errors';
import { UsageError } from './args';
import {
  type CliIo,
  changePassphraseCommand,
  importCommand,
  initCommand,
  statsCommand,
  verifyCommand,
} from './commands';
import {
  auditCommand,
  backupCommand,
  exportBundleCommand,
  exportSummaryCommand,
  incidentReportCommand,
  importBundleCommand,
  restoreCommand,
} from './exchangeCommands';
import { USAGE } from './usage';

export type { CliIo } from './commands';

export const EXIT_OK = 0;
/** A problem the user can fix: bad arguments, a missing file, a wrong passphrase, invalid rows. */
export const EXIT_USER_ERROR = 1;
/** Anything else; the message is still one line, never a stack trace. */
export const EXIT_UNEXPECTED = 2;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  init: initCommand,
  import: importCommand,
  stats: statsCommand,
  verify: verifyCommand,
  'change-passphrase': changePassphraseCommand,
  'export-summary': exportSummaryCommand,
  report: incidentReportCommand,
  'export-bundle': exportBundleCommand,
  'import-bundle': importBundleCommand,
  backup: backupCommand,
  restore: restoreCommand,
  audit: auditCommand,
};

const HELP = new Set(['help', '--help', '-h']);

/** One line: no stack, no line breaks, no trailing full stop. */
function oneLine(message: string): string {
  const line = message.replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function messageWithCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;

function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: EXIT_USER_ERROR };
  if (error instanceof CasebookError) {
    const message = error.code === 'WRONG_PASSPHRASE' ? 'wrong passphrase' : oneLine(error.message);
    return { message, code: error.code === 'INTERNAL' ? EXIT_UNEXPECTED : EXIT_USER_ERROR };
  }
  const sqliteCode = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (SQLITE_BUSY.test(sqliteCode)) {
    return { message: 'the store is in use by another program; close Crisis Casebook and try again', code: EXIT_USER_ERROR };
  }
  return { message: `unexpected failure: ${oneLine(messageWithCause(error))}`, code: EXIT_UNEXPECTED };
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || HELP.has(command)) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`error: unknown command '${command}' (try: help)\n`);
    return EXIT_USER_ERROR;
  }
  if (args.some((arg) => HELP.has(arg))) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  try {
    return await run(args, io);
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr(`error: ${failure.message}\n`);
    return failure.code;
  }
}

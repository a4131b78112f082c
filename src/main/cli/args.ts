// Command-line arguments and the files they name. Every problem here is the user's to fix, so it
// is a UsageError: one line on stderr, exit code 1.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** node:util's messages, cut to their first sentence: "Unknown option '--x'". */
function usageMessage(error: Error): string {
  const first = error.message.split(/\.\s/)[0] ?? error.message;
  return first.charAt(0).toLowerCase() + first.slice(1).replace(/\.$/, '');
}

export function parseCommand(args: string[], options: Options, positionals: { min: number; max: number; name: string }): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals.max > 0, strict: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(usageMessage(error));
    }
    throw error;
  }
  if (parsed.positionals.length < positionals.min) throw new UsageError(`${positionals.name} is required`);
  if (parsed.positionals.length > positionals.max) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals.max]}'`);
  }
  return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
}

export function requiredString(parsed: ParsedCommand, name: string): string {
  const value = parsed.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function flag(parsed: ParsedCommand, name: string): boolean {
  return parsed.values[name] === true;
}

export function resolvePath(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

/** A file the user named; unreadable is a UsageError that names it. */
export function readUserFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${readProblem(error)}`);
  }
}

/**
 * A passphrase file: UTF-8, with one trailing line break (\n or \r\n) removed, as editors add
 * one, and without the byte-order mark Windows Notepad may write first.
 */
export function readPassphraseFile(path: string): string {
  const text = readUserFile(path, 'the passphrase file').toString('utf8');
  const passphrase = text.replace(/^\ufeff/, '').replace(/\r?\n$/, '');
  if (passphrase === '') throw new UsageError(`the passphrase file ${path} is empty`);
  return passphrase;
}

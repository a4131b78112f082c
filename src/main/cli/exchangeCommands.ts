// CLI commands that move data deliberately: anonymised summaries, team bundles, backups,
// restores and the audit trail. The same services the app uses.
import { writeFileSync } from 'node:fs';
import { CasebookError } from '@shared/errors';
import { type ConflictResolution, exportLanguage, summaryFormat, summaryPeriod } from '@shared/exchange';
import { openStore } from '../store';
import { exportAuditTrail, recordEvent, verifyAuditChain } from '../services/audit';
import { backupDatabase, restoreBackup } from '../services/backup';
import { exportBundleToFile, importBundleFromFile } from '../services/bundles';
import { exportSummaryToFile } from '../services/export';
import { buildIncidentReport, crisisIdByReference, writeIncidentReport } from '../services/incidentReport';
import { printWithChromium } from '../services/export/chromiumPrinter';
import { readTeam } from '../services/import';
import { UsageError, flag, optionalString, parseCommand, readPassphraseFile, requiredString, resolvePath } from './args';
import type { CliIo } from './commands';

const STORE_OPTIONS = { db: { type: 'string' }, 'passphrase-file': { type: 'string' } } as const;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}

function teamOption(value: string | undefined) {
  if (value === undefined) return undefined;
  const slug = readTeam(value);
  if (!slug.ok) throw new UsageError(`--team: ${slug.message}`);
  return slug.value;
}

function dateOption(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError(`--${name} must be a date, YYYY-MM-DD`);
  return value;
}

async function withStore<T>(args: { db: string; passphrase: string }, work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T> | T) {
  const store = await openStore({ path: args.db, passphrase: args.passphrase });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

function storeArgs(parsed: ReturnType<typeof parseCommand>, io: CliIo) {
  return {
    db: resolvePath(io.cwd, requiredString(parsed, 'db')),
    passphrase: readPassphraseFile(resolvePath(io.cwd, requiredString(parsed, 'passphrase-file'))),
  };
}

export async function exportSummaryCommand(args: string[], io: CliIo): Promise<number> {
  const options = {
    ...STORE_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string' },
    team: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    period: { type: 'string' },
    k: { type: 'string' },
    language: { type: 'string' },
  } as const;
  const parsed = parseCommand(args, options, { min: 0, max: 0, name: '' });
  const format = oneOf('format', requiredString(parsed, 'format'), summaryFormat.options);
  const k = optionalString(parsed, 'k');
  if (k !== undefined && !/^\d+$/.test(k)) throw new UsageError('--k must be a whole number, at least 3');
  const out = resolvePath(io.cwd, requiredString(parsed, 'out'));
  const written = await withStore(storeArgs(parsed, io), (store) =>
    exportSummaryToFile(
      store,
      {
        format: format!,
        out,
        team: teamOption(optionalString(parsed, 'team')),
        from: dateOption('from', optionalString(parsed, 'from')),
        to: dateOption('to', optionalString(parsed, 'to')),
        period: oneOf('period', optionalString(parsed, 'period'), summaryPeriod.options),
        k: k === undefined ? undefined : Number(k),
        language: oneOf('language', optionalString(parsed, 'language'), exportLanguage.options),
      },
      printWithChromium,
    ),
  );
  io.stdout(`Wrote ${out} (${written.bytes.byteLength} bytes, sha256 ${written.record.sha256}).\n`);
  return 0;
}

/** `report --crisis REF --out FILE.pdf`: the incident report, saved and recorded in the audit trail. */
export async function incidentReportCommand(args: string[], io: CliIo): Promise<number> {
  const options = { ...STORE_OPTIONS, crisis: { type: 'string' }, out: { type: 'string' }, language: { type: 'string' } } as const;
  const parsed = parseCommand(args, options, { min: 0, max: 0, name: '' });
  const reference = requiredString(parsed, 'crisis');
  const out = resolvePath(io.cwd, requiredString(parsed, 'out'));
  const language = oneOf('language', optionalString(parsed, 'language'), exportLanguage.options) ?? 'sr-Latn';
  const written = await withStore(storeArgs(parsed, io), async (store) => {
    const report = buildIncidentReport(store, { crisisId: crisisIdByReference(store, reference), language });
    return writeIncidentReport(store, report, printWithChromium, (bytes) => writeFileSync(out, bytes));
  });
  io.stdout(`Wrote ${out} (${written.bytes.byteLength} bytes, sha256 ${written.sha256}). It is not anonymised: it names people and places.\n`);
  return 0;
}

export async function exportBundleCommand(args: string[], io: CliIo): Promise<number> {
  const options = { ...STORE_OPTIONS, out: { type: 'string' }, team: { type: 'string' }, 'bundle-passphrase-file': { type: 'string' } } as const;
  const parsed = parseCommand(args, options, { min: 0, max: 0, name: '' });
  const out = resolvePath(io.cwd, requiredString(parsed, 'out'));
  const bundlePassphrase = readPassphraseFile(resolvePath(io.cwd, requiredString(parsed, 'bundle-passphrase-file')));
  const team = teamOption(optionalString(parsed, 'team'));
  const exported = await withStore(storeArgs(parsed, io), (store) => exportBundleToFile(store, { out, passphrase: bundlePassphrase, team }));
  io.stdout(json({ out, counts: exported.counts }));
  return 0;
}

/** `--resolve ID=incoming|local`, once per conflict a person has decided. */
function resolutionsFrom(values: unknown): Record<string, ConflictResolution> {
  const resolutions: Record<string, ConflictResolution> = {};
  for (const entry of Array.isArray(values) ? (values as string[]) : []) {
    const match = /^([0-9a-f-]{36})=(incoming|local)$/i.exec(entry);
    if (!match) throw new UsageError(`--resolve takes RECORD_ID=incoming or RECORD_ID=local, not '${entry}'`);
    resolutions[(match[1] as string).toLowerCase()] = (match[2] as string).toLowerCase() as ConflictResolution;
  }
  return resolutions;
}

export async function importBundleCommand(args: string[], io: CliIo): Promise<number> {
  const options = { ...STORE_OPTIONS, 'bundle-passphrase-file': { type: 'string' }, resolve: { type: 'string', multiple: true } } as const;
  const parsed = parseCommand(args, options, { min: 1, max: 1, name: 'the bundle file' });
  const file = resolvePath(io.cwd, parsed.positionals[0] ?? '');
  const bundlePassphrase = readPassphraseFile(resolvePath(io.cwd, requiredString(parsed, 'bundle-passphrase-file')));
  const resolutions = resolutionsFrom(parsed.values['resolve']);
  const report = await withStore(storeArgs(parsed, io), (store) =>
    importBundleFromFile(store, { file, passphrase: bundlePassphrase, resolutions }),
  );
  io.stdout(json(report));
  return 0;
}

export async function backupCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { ...STORE_OPTIONS, to: { type: 'string' } }, { min: 0, max: 0, name: '' });
  const { db, passphrase } = storeArgs(parsed, io);
  const made = await backupDatabase({ dbPath: db, passphrase, to: resolvePath(io.cwd, requiredString(parsed, 'to')) });
  io.stdout(`Backed up to ${made.path} (and ${made.keyFilePath}), ${made.bytes} bytes.\n`);
  return 0;
}

export async function restoreCommand(args: string[], io: CliIo): Promise<number> {
  const options = { ...STORE_OPTIONS, from: { type: 'string' }, 'keep-previous': { type: 'boolean' } } as const;
  const parsed = parseCommand(args, options, { min: 0, max: 0, name: '' });
  const { db, passphrase } = storeArgs(parsed, io);
  const result = await restoreBackup({
    backupPath: resolvePath(io.cwd, requiredString(parsed, 'from')),
    targetPath: db,
    passphrase,
    keepPrevious: flag(parsed, 'keep-previous'),
  });
  io.stdout(`Restored ${result.targetPath}; the backup passed every check before it replaced anything.\n`);
  return 0;
}

/** `audit verify` checks the chain; `audit export --out FILE` writes it for an inspection. */
export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { ...STORE_OPTIONS, out: { type: 'string' } }, { min: 1, max: 1, name: 'verify or export' });
  const action = parsed.positionals[0];
  if (action !== 'verify' && action !== 'export') throw new UsageError(`audit takes verify or export, not '${action}'`);
  return withStore(storeArgs(parsed, io), (store) => {
    if (action === 'export') {
      const out = resolvePath(io.cwd, requiredString(parsed, 'out'));
      writeFileSync(out, exportAuditTrail(store), { mode: 0o600 });
      recordEvent(store, 'export', { kind: 'audit_trail' });
      io.stdout(`Wrote the audit trail to ${out}.\n`);
      return 0;
    }
    const verification = verifyAuditChain(store);
    io.stdout(json(verification));
    if (!verification.ok) throw new CasebookError('STORE_CORRUPT', `the audit trail does not verify: ${verification.problems[0]?.message ?? ''}`);
    return 0;
  });
}

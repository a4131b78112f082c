// The anonymised summary export: preview, write (with audit), history, and the plain functions
// the shell and the CLI call.
import type { TeamSlug } from '@shared/domain';
import {
  type ExportLanguage,
  type ExportRecord,
  type SummaryExport,
  type SummaryFormat,
  type SummaryParamsInput,
  type SummaryPeriod,
  type SummaryWriteInput,
  type SummaryWriteParams,
  summaryWriteInput,
} from '@shared/exchange';
import { validationError } from '@shared/errors';
import type { Store } from '../../store';
import { recordExport, sha256Hex } from './audit';
import { writeFileAtomic } from './files';
import { type PdfPrinter, scrubPdfTimestamps } from './pdf';
import { summaryReportHtml } from './report';
import { type SummaryOptions, buildSummaryExport } from './summary';
import { summaryCsv, summaryJson } from './writers';
import { summaryXlsx } from './xlsx';

export type { PdfPrinter } from './pdf';
export { buildSummaryExport } from './summary';
export { summaryReportHtml } from './report';
export { listExports } from './audit';

/** What the preview shows is exactly what a writer serialises. */
export function previewSummaryExport(store: Store, params: SummaryParamsInput | undefined, options: SummaryOptions = {}): SummaryExport {
  return buildSummaryExport(store, params, options);
}

/** How the save dialog names each format's file type (the operating system shows it as is). */
export const FILE_TYPE_NAMES: Record<SummaryFormat, string> = {
  csv: 'CSV',
  json: 'JSON',
  pdf: 'PDF',
  xlsx: 'Excel (.xlsx)',
};

/** Serialises a summary. PDFs are printed from the report page and their timestamps cut to the month. */
export async function renderSummary(summary: SummaryExport, format: SummaryFormat, printer: PdfPrinter): Promise<Buffer> {
  if (format === 'csv') return summaryCsv(summary);
  if (format === 'json') return summaryJson(summary);
  if (format === 'xlsx') return summaryXlsx(summary);
  return scrubPdfTimestamps(await printer(summaryReportHtml(summary)));
}

export function summaryFileName(summary: SummaryExport, format: SummaryFormat): string {
  const teams = summary.scope.teams.length === 1 ? summary.scope.teams[0] : 'all-teams';
  const periods = summary.scope.periods;
  const span = periods.length === 0 ? 'empty' : periods.length === 1 ? periods[0] : `${periods[0]}_${periods.at(-1)}`;
  return `crisis-casebook-summary_${teams}_${span}.${format}`;
}

export interface WrittenExport {
  bytes: Buffer;
  sha256: string;
  fileName: string;
  record: ExportRecord;
}

/**
 * Builds, serialises and records one export. `deliver` (e.g. writing the file) runs inside the
 * audit record's transaction: if it throws, nothing is recorded. Without it the bytes are
 * recorded as produced and returned for the caller to deliver.
 */
export async function writeSummaryExport(
  store: Store,
  params: SummaryWriteInput,
  printer: PdfPrinter,
  deliver?: (bytes: Buffer, fileName: string) => void,
  options: SummaryOptions = {},
): Promise<WrittenExport> {
  const built = buildSummaryToWrite(store, params, options);
  return recordSummaryExport(store, built.summary, built.params, printer, deliver);
}

/** The summary a write asks for, and the write's parameters as parsed (the format among them). */
export function buildSummaryToWrite(
  store: Store,
  input: SummaryWriteInput,
  options: SummaryOptions = {},
): { summary: SummaryExport; params: SummaryWriteParams } {
  const parsed = summaryWriteInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'export parameters');
  const { format: _format, ...summaryParams } = parsed.data;
  return { summary: buildSummaryExport(store, summaryParams, options), params: parsed.data };
}

/** As writeSummaryExport, for a summary already built from `params`. */
export async function recordSummaryExport(
  store: Store,
  summary: SummaryExport,
  params: SummaryWriteParams,
  printer: PdfPrinter,
  deliver?: (bytes: Buffer, fileName: string) => void,
): Promise<WrittenExport> {
  const { format } = params;
  const bytes = await renderSummary(summary, format, printer);
  const fileName = summaryFileName(summary, format);
  const record = store.transaction(() => {
    const recorded = recordExport(store, { kind: 'summary', format, parameters: params, fileName, bytes });
    deliver?.(bytes, fileName);
    return recorded;
  });
  return { bytes, sha256: sha256Hex(bytes), fileName, record };
}

export interface SummaryCommandOptions {
  format: SummaryFormat;
  team?: TeamSlug | undefined;
  from?: string | undefined;
  to?: string | undefined;
  period?: SummaryPeriod | undefined;
  k?: number | undefined;
  language?: ExportLanguage | undefined;
}

function commandParams(options: SummaryCommandOptions): SummaryWriteInput {
  const filter: Record<string, string> = {};
  if (options.team) filter['teamSlug'] = options.team;
  if (options.from) filter['from'] = options.from;
  if (options.to) filter['to'] = options.to;
  return {
    filter,
    format: options.format,
    ...(options.period ? { period: options.period } : {}),
    ...(options.k !== undefined ? { k: options.k } : {}),
    ...(options.language ? { language: options.language } : {}),
  };
}

/** For the CLI's `export-summary`: the file's bytes (recorded in the export history). */
export async function runSummaryExport(store: Store, options: SummaryCommandOptions, printer: PdfPrinter): Promise<Buffer> {
  return (await writeSummaryExport(store, commandParams(options), printer)).bytes;
}

/** For the CLI's `export-summary --out FILE`: writes the file and records it in one step. */
export async function exportSummaryToFile(
  store: Store,
  options: SummaryCommandOptions & { out: string },
  printer: PdfPrinter,
): Promise<WrittenExport> {
  return writeSummaryExport(store, commandParams(options), printer, (bytes) => writeFileAtomic(options.out, bytes));
}


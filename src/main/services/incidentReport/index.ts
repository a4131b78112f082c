// The incident report of one crisis: built from the store, printed to PDF (the shell's hidden
// offline window in the app, Chromium in the CLI), written where the person chose, and the
// saving recorded in the audit trail in the same transaction as the file is written.
import type { SavedFile } from '@shared/exchange';
import { type IncidentReportInput, incidentReportInput } from '@shared/debriefs';
import { CasebookError, validationError } from '@shared/errors';
import type { Store } from '../../store';
import { recordEvent } from '../audit';
import { getCrisis } from '../crises';
import { listLog } from '../crisisLog';
import { getDebrief } from '../debriefs';
import { now } from '../common';
import { sha256Hex } from '../export/audit';
import { writeFileAtomic } from '../export/files';
import type { PdfPrinter } from '../export/pdf';
import type { ExchangeShell } from '../export/shell';
import { incidentReportHtml } from './html';
import { reportLabelsFor } from './labels';

export interface BuiltIncidentReport {
  html: string;
  fileName: string;
  crisisId: string;
  reference: string;
  draft: boolean;
}

export function buildIncidentReport(store: Store, input: IncidentReportInput, madeAt = now()): BuiltIncidentReport {
  const parsed = incidentReportInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'report parameters');
  const crisis = getCrisis(store, parsed.data.crisisId);
  const html = incidentReportHtml(
    { crisis, log: listLog(store, crisis.id), debrief: getDebrief(store, crisis.id), madeBy: store.actor, madeAt },
    reportLabelsFor(parsed.data.language),
  );
  const draft = crisis.status === 'open';
  return { html, fileName: `${crisis.reference}${draft ? '-draft' : ''}.pdf`, crisisId: crisis.id, reference: crisis.reference, draft };
}

export interface WrittenIncidentReport {
  bytes: Buffer;
  sha256: string;
  fileName: string;
}

/** Prints the report and delivers it; the audit entry and the delivery stand or fall together. */
export async function writeIncidentReport(
  store: Store,
  report: BuiltIncidentReport,
  printer: PdfPrinter,
  deliver: (bytes: Buffer) => void,
): Promise<WrittenIncidentReport> {
  const bytes = await printer(report.html);
  const sha256 = sha256Hex(bytes);
  store.transaction(() => {
    recordEvent(store, 'incident_report', { reference: report.reference, draft: report.draft, sha256 }, { kind: 'crisis', id: report.crisisId });
    deliver(bytes);
  });
  return { bytes, sha256, fileName: report.fileName };
}

/** reports.incident: the person picks where to save; a closed dialog writes and records nothing. */
export async function saveIncidentReport(store: Store, shell: ExchangeShell, input: IncidentReportInput): Promise<SavedFile> {
  const report = buildIncidentReport(store, input);
  const path = await shell.chooseSavePath({
    title: 'Incident report',
    suggestedName: report.fileName,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (!path) return { saved: false, fileName: null, sha256: null, byteLength: null };
  const written = await writeIncidentReport(store, report, shell.printPdf, (bytes) => writeFileAtomic(path, bytes));
  return { saved: true, fileName: path.split(/[\\/]/).pop() ?? path, sha256: written.sha256, byteLength: written.bytes.byteLength };
}

/** The CLI's `report --crisis REF`: a crisis named by its reference (BG-2024-007). */
export function crisisIdByReference(store: Store, reference: string): string {
  const row = store.first(store.qb.selectFrom('crises').select('id').where('reference', '=', reference.trim().toUpperCase()));
  if (!row) throw new CasebookError('NOT_FOUND', `No crisis with reference ${reference}.`, [{ path: 'crisis', message: 'not_found' }]);
  return row.id;
}

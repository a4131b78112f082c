// What exports and bundles need from the Electron shell, as a port: file dialogs shown by the
// main process (so the renderer never names a path) and a PDF printer (webContents.printToPDF).
// The shell provides it once per session; without it the file channels answer NOT_AVAILABLE.
// The Electron side is src/main/shell/exchangeShell.ts (dialogs, and printToPDF in a hidden offline
// window with JavaScript off), provided to the session in src/main/shell/app.ts.
import type { TeamSlug } from '@shared/domain';
import type { BundleCounts, ConflictResolution, ImportReport, SavedFile, SummaryWriteInput } from '@shared/exchange';
import { CasebookError } from '@shared/errors';
import type { Store } from '../../store';
import type { Session } from '../session';
import { MAX_BUNDLE_BYTES, bundleFileName, exportBundleWithDetails, importBundle } from '../bundles';
import { readFileLimited, writeFileAtomic } from './files';
import { FILE_TYPE_NAMES, buildSummaryToWrite, recordSummaryExport, summaryFileName } from './index';
import type { PdfPrinter } from './pdf';

export interface FileDialogRequest {
  title: string;
  /** A file name (never a path) to offer in the save dialog. */
  suggestedName?: string;
  filters: { name: string; extensions: string[] }[];
}

export interface ExchangeShell {
  printPdf: PdfPrinter;
  /** Shows a save dialog; the chosen absolute path, or null when cancelled. */
  chooseSavePath(request: FileDialogRequest): Promise<string | null>;
  /** Shows an open dialog; the chosen absolute path, or null when cancelled. */
  chooseOpenPath(request: FileDialogRequest): Promise<string | null>;
}

const shells = new WeakMap<Session, ExchangeShell>();

/** Called once by the Electron shell after creating the session. */
export function provideExchangeShell(session: Session, shell: ExchangeShell): void {
  shells.set(session, shell);
}

export function exchangeShellOf(session: Session): ExchangeShell {
  const shell = shells.get(session);
  if (!shell) throw new CasebookError('NOT_AVAILABLE', 'Saving and opening files is not available here.');
  return shell;
}

const notSaved: SavedFile = { saved: false, fileName: null, sha256: null, byteLength: null };

/** The file name of a path from a dialog, whichever separators the operating system uses. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** export.write: the person picks where; the file is written and recorded in one step. */
export async function saveSummaryExport(store: Store, shell: ExchangeShell, input: SummaryWriteInput): Promise<SavedFile> {
  // Built once, before the dialog (it names the file): what is saved is what was asked for when
  // the person chose Export. A summary by month over twenty years takes about a second.
  const { summary, params } = buildSummaryToWrite(store, input);
  const path = await shell.chooseSavePath({
    title: 'Export',
    suggestedName: summaryFileName(summary, params.format),
    filters: [{ name: FILE_TYPE_NAMES[params.format], extensions: [params.format] }],
  });
  if (!path) return notSaved;
  const written = await recordSummaryExport(store, summary, params, shell.printPdf, (bytes) => writeFileAtomic(path, bytes));
  return { saved: true, fileName: baseName(path), sha256: written.sha256, byteLength: written.bytes.byteLength };
}

/** bundles.export */
export async function saveBundle(
  store: Store,
  shell: ExchangeShell,
  input: { teamSlug?: TeamSlug | undefined; passphrase: string },
): Promise<SavedFile & { counts: BundleCounts | null }> {
  const path = await shell.chooseSavePath({
    title: 'Bundle',
    suggestedName: bundleFileName(input.teamSlug, new Date().toISOString()),
    filters: [{ name: 'Crisis Casebook bundle', extensions: ['ccbundle'] }],
  });
  if (!path) return { ...notSaved, counts: null };
  const exported = await exportBundleWithDetails(store, { teamSlug: input.teamSlug, passphrase: input.passphrase }, (bytes) =>
    writeFileAtomic(path, bytes),
  );
  return { saved: true, fileName: baseName(path), sha256: exported.sha256, byteLength: exported.bytes.byteLength, counts: exported.counts };
}

/** bundles.import */
export async function openAndImportBundle(
  store: Store,
  shell: ExchangeShell,
  input: { passphrase: string; resolutions: Record<string, ConflictResolution>; expectSha256?: string | undefined },
): Promise<{ opened: boolean; report: ImportReport | null }> {
  const path = await shell.chooseOpenPath({ title: 'Bundle', filters: [{ name: 'Crisis Casebook bundle', extensions: ['ccbundle'] }] });
  if (!path) return { opened: false, report: null };
  const bytes = readFileLimited(path, MAX_BUNDLE_BYTES, 'bundle');
  const report = await importBundle(store, bytes, input.passphrase, {
    resolutions: input.resolutions,
    ...(input.expectSha256 ? { expectSha256: input.expectSha256 } : {}),
  });
  return { opened: true, report };
}

// The Import screen's desk: the one spreadsheet a coordinator has chosen, checked by a dry run and
// then imported, each on a thread of its own (worker.ts) while the screen asks how far it has come.
// The file's bytes stay here in main, named by an id; no path crosses the bridge. Locking stops
// any running import (rolled back) and forgets the file.
import { randomUUID } from 'node:crypto';
import { CasebookError } from '@shared/errors';
import { type ImportKind, type ImportResult, type ImportRunning, type ImportStatus, MAX_IMPORT_FILE_BYTES } from '@shared/imports';
import type { Session } from '../session';
import { type ExchangeShell, baseName } from '../export/shell';
import { readFileLimited } from '../export/files';
import { ImportInWorker } from './worker';

interface HeldFile {
  id: string;
  name: string;
  bytes: Buffer;
}

type Job = 'check' | 'import';

const STARTING = { phase: 'reading', rowsRead: 0, fileRead: 0 } as const;

export class ImportDesk {
  private file: HeldFile | null = null;
  private current: ImportStatus | null = null;
  private running: ImportInWorker | null = null;

  constructor(
    private readonly workerFile: string,
    private readonly reportUnexpected: (error: unknown) => void,
  ) {}

  status(): ImportStatus | null {
    return this.current && structuredClone(this.current);
  }

  /** How far the running step has come, without its reports: what the screen asks for again and again. */
  progress(): ImportRunning | null {
    if (!this.current) return null;
    const { fileId, step, cancelling, progress } = this.current;
    return { fileId, step, cancelling, progress: { ...progress } };
  }

  /** Shows the open dialog; a chosen file replaces the one held and is checked at once. */
  async open(session: Session, shell: ExchangeShell, kind: ImportKind): Promise<{ opened: boolean; status: ImportStatus | null }> {
    this.refuseWhileRunning();
    const path = await shell.chooseOpenPath({
      title: 'Import',
      filters: [{ name: 'Spreadsheet (CSV, Excel)', extensions: ['csv', 'xlsx', 'txt'] }],
    });
    if (!path) return { opened: false, status: this.status() };
    this.refuseWhileRunning();
    const bytes = readFileLimited(path, MAX_IMPORT_FILE_BYTES, 'spreadsheet');
    this.forget();
    this.file = { id: randomUUID(), name: baseName(path), bytes };
    this.start(session, 'check', kind, undefined, false);
    return { opened: true, status: this.status() };
  }

  /** Checks the held file again: as the other kind of record, or another sheet of a workbook. */
  check(session: Session, fileId: string, kind: ImportKind, sheet: string | undefined): ImportStatus {
    this.held(fileId);
    this.refuseWhileRunning();
    this.start(session, 'check', kind, sheet, false);
    return this.status() as ImportStatus;
  }

  /** Imports the held file as it was last checked: all of it, or only its valid rows. */
  commit(session: Session, fileId: string, onlyValidRows: boolean): ImportStatus {
    this.held(fileId);
    this.refuseWhileRunning();
    const status = this.current as ImportStatus;
    if (!status.check || !(status.step === 'checked' || status.step === 'cancelled')) {
      throw new CasebookError('VALIDATION', 'The file must be checked, without errors in the file as a whole, before it is imported.', [
        { path: 'fileId', message: 'not_checked' },
      ]);
    }
    this.start(session, 'import', status.kind, status.sheet ?? undefined, onlyValidRows);
    return this.status() as ImportStatus;
  }

  /** Stops the running check or import before its next row; what it wrote is rolled back. */
  cancel(fileId: string): ImportStatus {
    this.held(fileId);
    if (this.running && this.current) {
      this.running.cancel();
      this.current.cancelling = true;
    }
    return this.status() as ImportStatus;
  }

  /** Forgets the held file (the screen was left); refused while it is being worked on. */
  close(fileId: string): null {
    this.held(fileId);
    this.refuseWhileRunning();
    this.forget();
    return null;
  }

  /** Locking: stops the thread at once and forgets the file. */
  stopAll(): void {
    const running = this.running;
    this.running = null;
    if (running) void running.terminate();
    this.forget();
  }

  private held(fileId: string): HeldFile {
    if (!this.file || this.file.id !== fileId) {
      throw new CasebookError('NOT_FOUND', 'That file is no longer open for import; choose it again.', [{ path: 'fileId', message: 'not_found' }]);
    }
    return this.file;
  }

  private refuseWhileRunning(): void {
    if (this.running) throw new CasebookError('STORE_BUSY', 'An import is already running; wait for it or cancel it first.');
  }

  private forget(): void {
    this.file?.bytes.fill(0);
    this.file = null;
    this.current = null;
  }

  private start(session: Session, job: Job, kind: ImportKind, sheet: string | undefined, onlyValidRows: boolean): void {
    const file = this.file as HeldFile;
    const store = session.requireStore();
    const previous = this.current;
    const status: ImportStatus = {
      fileId: file.id,
      fileName: file.name,
      byteLength: file.bytes.byteLength,
      kind,
      sheet: sheet ?? null,
      step: job === 'check' ? 'checking' : 'importing',
      cancelling: false,
      progress: { ...STARTING },
      check: job === 'import' ? (previous?.check ?? null) : null,
      outcome: null,
      error: null,
    };
    const running = new ImportInWorker(
      this.workerFile,
      {
        storePath: store.path,
        storeKey: session.keyAccess().storeKey,
        actor: store.actor,
        content: file.bytes,
        options: { kind, sheet, dryRun: job === 'check', skipInvalid: onlyValidRows },
      },
      (progress) => {
        if (this.running === running) status.progress = progress;
      },
    );
    this.current = status;
    this.running = running;
    running.finished.then(
      (result) => this.finish(running, status, job, result),
      (error: unknown) => this.fail(running, status, error),
    );
  }

  private finish(running: ImportInWorker, status: ImportStatus, job: Job, result: ImportResult): void {
    if (this.running !== running) return;
    this.running = null;
    status.cancelling = false;
    status.progress = { phase: 'finishing', rowsRead: result.rowsRead, fileRead: 1 };
    if (job === 'check') {
      status.step = 'checked';
      status.check = result;
      // The first sheet is the one read when none was chosen: name it, so an import reads the same.
      status.sheet = result.sheet;
    } else {
      status.step = 'imported';
      status.outcome = result;
    }
  }

  private fail(running: ImportInWorker, status: ImportStatus, error: unknown): void {
    if (this.running !== running) return;
    this.running = null;
    status.cancelling = false;
    if (error instanceof CasebookError && error.code === 'IMPORT_CANCELLED') {
      status.step = 'cancelled';
      return;
    }
    status.step = 'failed';
    if (error instanceof CasebookError) {
      status.error = error.toEnvelope();
      return;
    }
    this.reportUnexpected(error);
    status.error = { code: 'INTERNAL', message: 'Something went wrong. Nothing was imported.' };
  }
}

const desks = new WeakMap<Session, ImportDesk>();

/**
 * Called once by the shell (and the tests) with the built thread's file, out/main/importWorker.js;
 * without it the Import screen's channels answer NOT_AVAILABLE.
 */
export function provideImportDesk(session: Session, workerFile: string, reportUnexpected: (error: unknown) => void = console.error): ImportDesk {
  const desk = new ImportDesk(workerFile, reportUnexpected);
  desks.set(session, desk);
  session.onLocking(() => desk.stopAll());
  return desk;
}

export function importDeskOf(session: Session): ImportDesk {
  const desk = desks.get(session);
  if (!desk) throw new CasebookError('NOT_AVAILABLE', 'Importing from the app is not available here.');
  return desk;
}

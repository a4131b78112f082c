// Runs one import on a thread of its own, over a second connection to the unlocked store, so the
// main process stays free while a large file is read, checked and written: it answers the
// screen's progress questions and the rest of the app's calls (reads go on; another write waits
// for the import's transaction, as SQLite's WAL allows one writer at a time).
//
// The thread's code is src/main/services/import/importWorker.ts, built to out/main/importWorker.js.
// Cancel is a flag in shared memory, not a message: the import is one long synchronous loop that
// never returns to its event loop, and it reads the flag before every row.
import { Worker } from 'node:worker_threads';
import type { ErrorEnvelope } from '@shared/errors';
import { CasebookError } from '@shared/errors';
import type { ImportKind, ImportProgress, ImportResult } from '@shared/imports';

export interface WorkerImportRequest {
  storePath: string;
  /** The session's raw store key; the thread's store wipes its copy when it closes. */
  storeKey: Buffer;
  /** Who imports: the audit entry's actor. */
  actor: string;
  /** The file's bytes; the thread gets a copy. */
  content: Uint8Array;
  options: { kind: ImportKind; sheet?: string | undefined; dryRun: boolean; skipInvalid: boolean };
}

/** What crosses from the thread to main. */
export type WorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'failed'; error: ErrorEnvelope; expected: boolean };

/** What the thread receives as its workerData. */
export interface WorkerData extends Omit<WorkerImportRequest, 'storeKey' | 'content'> {
  storeKey: Uint8Array;
  content: Uint8Array;
  /** [0] is set to 1 to stop. */
  stop: Int32Array;
}

/** An unexpected failure on the thread, kept for the shell's error log, never shown to the user. */
export class ImportThreadFailure extends Error {
  override readonly name = 'ImportThreadFailure';
}

export class ImportInWorker {
  readonly finished: Promise<ImportResult>;
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;

  constructor(workerFile: string, request: WorkerImportRequest, onProgress: (progress: ImportProgress) => void) {
    const storeKey = new Uint8Array(request.storeKey);
    const content = new Uint8Array(request.content);
    const data: WorkerData = { ...request, storeKey, content, stop: this.stopFlag };
    this.worker = new Worker(workerFile, { workerData: data, transferList: [storeKey.buffer, content.buffer] });
    this.finished = new Promise<ImportResult>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        outcome();
      };
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress(message.progress);
        else if (message.type === 'done') settle(() => resolve(message.result));
        else if (message.expected) settle(() => reject(new CasebookError(message.error.code, message.error.message, message.error.issues)));
        else settle(() => reject(new ImportThreadFailure(message.error.message)));
      });
      this.worker.on('error', (error) => settle(() => reject(new ImportThreadFailure(error.stack ?? String(error)))));
      this.worker.on('exit', (code) =>
        settle(() =>
          Atomics.load(this.stopFlag, 0) === 1
            ? reject(new CasebookError('IMPORT_CANCELLED', 'The import was cancelled; nothing was written.'))
            : reject(new ImportThreadFailure(`The import thread stopped (exit code ${code}) without an answer.`)),
        ),
      );
    });
    // Settled through the promise's users; an unobserved rejection must not end the process.
    this.finished.catch(() => undefined);
  }

  /** Asks the thread to stop before its next row: what it wrote is rolled back. */
  cancel(): void {
    Atomics.store(this.stopFlag, 0, 1);
  }

  /** Stops the thread at once (locking): its open transaction is never committed. */
  async terminate(): Promise<void> {
    this.cancel();
    await this.worker.terminate();
  }
}

// The import thread (see worker.ts): opens its own connection to the unlocked store, runs one
// import, and tells main how far it has come and how it ended. Built to out/main/importWorker.js.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { CasebookError } from '@shared/errors';
import { type Store, openStoreWithKey } from '../../store';
import { importSpreadsheet } from './run';
import type { WorkerData, WorkerMessage } from './worker';

function tell(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

function runImport(data: WorkerData): void {
  const storeKey = Buffer.from(data.storeKey.buffer, data.storeKey.byteOffset, data.storeKey.byteLength);
  let store: Store | null = null;
  try {
    store = openStoreWithKey(data.storePath, storeKey, data.actor);
    const content = Buffer.from(data.content.buffer, data.content.byteOffset, data.content.byteLength);
    const result = importSpreadsheet(store, content, {
      kind: data.options.kind,
      ...(data.options.sheet === undefined ? {} : { sheet: data.options.sheet }),
      dryRun: data.options.dryRun,
      skipInvalid: data.options.skipInvalid,
      handOverContent: true,
      onProgress: (progress) => tell({ type: 'progress', progress }),
      shouldStop: () => Atomics.load(data.stop, 0) === 1,
      // Built beside this file; the file is read and checked there while this thread writes.
      readerThread: join(__dirname, 'importReader.js'),
    });
    tell({ type: 'done', result });
  } catch (error) {
    if (error instanceof CasebookError) tell({ type: 'failed', error: error.toEnvelope(), expected: true });
    else tell({ type: 'failed', error: { code: 'INTERNAL', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, expected: false });
  } finally {
    storeKey.fill(0);
    store?.close();
  }
}

runImport(workerData as WorkerData);

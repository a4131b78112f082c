// WAL checkpoints on a second connection in a worker thread, so no commit waits for one.
//
// A checkpoint copies the WAL's pages into the database file; encrypted, it decrypts and
// re-encrypts each page, 60–90 ms for SQLite's default 1,000-page threshold (measured). SQLite's
// automatic checkpoint runs inside whichever commit crosses the threshold, and the store's own
// idle checkpoint runs on the main thread. During a burst of writes (people working fast, a
// bundle merge) the checkpointer takes over: the writer asks, the worker checkpoints PASSIVE
// (never blocking the writer), and the automatic checkpoint stays as the safety net.
//
// The worker is evaluated from source and loads the same SQLite driver by its resolved path, so
// it runs alike in the app, the CLI, the benchmark and the tests. If it cannot start, the store
// checkpoints as before.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const connection = new Database(workerData.path);
for (const pragma of workerData.pragmas) connection.pragma(pragma);
connection.prepare('SELECT count(*) FROM sqlite_master').get();
parentPort.on('message', (message) => {
  if (message === 'close') {
    connection.close();
    parentPort.close();
    return;
  }
  try {
    connection.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage('checkpointed');
  } catch (error) {
    parentPort.postMessage('failed: ' + (error && error.message));
  }
});
parentPort.postMessage('ready');
`;

export interface CheckpointerOptions {
  path: string;
  /** The pragmas that open the file: the cipher and its key, or none for a plain file. */
  openPragmas: readonly string[];
}

export class Checkpointer {
  private readonly worker: Worker;
  private ready = false;
  private running = false;
  private wanted = false;
  private broken = false;
  private readonly stopListeners: (() => void)[] = [];
  /** Completed checkpoints, for the tests and the benchmark. */
  checkpoints = 0;

  constructor(options: CheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: options.path, pragmas: options.openPragmas },
      // A checkpoint needs little: SQLite's own page cache, not a JavaScript heap.
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    this.worker.unref();
    this.worker.on('message', (message: string) => this.onMessage(message));
    this.worker.on('error', () => this.stop());
    this.worker.on('exit', () => this.stop());
  }

  private stop(): void {
    if (this.broken) return;
    this.broken = true;
    for (const listener of this.stopListeners) listener();
  }

  /** Called once if the worker fails or exits. */
  onStop(listener: () => void): void {
    this.stopListeners.push(listener);
  }

  /** False once the worker failed or exited: the store then checkpoints on its own again. */
  get usable(): boolean {
    return !this.broken;
  }

  /** Asks for a checkpoint; requests while one runs fold into one more after it. */
  request(): void {
    if (this.broken) return;
    if (!this.ready || this.running) {
      this.wanted = true;
      return;
    }
    this.running = true;
    this.wanted = false;
    this.worker.postMessage('checkpoint');
  }

  private onMessage(message: string): void {
    if (message === 'ready') this.ready = true;
    else {
      this.running = false;
      if (message === 'checkpointed') this.checkpoints++;
      else {
        void this.worker.terminate();
        return;
      }
    }
    if (this.wanted) this.request();
  }

  /** Stops the worker at once, wherever it is. */
  terminate(): Promise<number> {
    this.stop();
    return this.worker.terminate();
  }

  /** Resolves once the worker has closed its connection. */
  close(): Promise<void> {
    if (this.broken) return Promise.resolve();
    return new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    });
  }

  /** Waits until no checkpoint is running or wanted (tests and the benchmark). */
  async settled(): Promise<void> {
    while (!this.broken && (!this.ready || this.running || this.wanted)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

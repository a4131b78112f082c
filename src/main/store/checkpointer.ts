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
// The store waits on this word when it closes, so its own close comes after ours and it is the
// last connection: the one that checkpoints the WAL away and removes it.
function signalClosed() {
  Atomics.store(workerData.closed, 0, 1);
  Atomics.notify(workerData.closed, 0);
}
let connection;
try {
  const Database = require(workerData.driver);
  connection = new Database(workerData.path);
  for (const pragma of workerData.pragmas) connection.pragma(pragma);
  connection.prepare('SELECT count(*) FROM sqlite_master').get();
} catch (error) {
  if (connection) connection.close();
  signalClosed();
  throw error;
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    connection.close();
    signalClosed();
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
  /** Set to 1 by the worker once its connection is closed. */
  private readonly closed = new Int32Array(new SharedArrayBuffer(4));
  /** Completed checkpoints, for the tests and the benchmark. */
  checkpoints = 0;

  constructor(options: CheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: options.path, pragmas: options.openPragmas, closed: this.closed },
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
        this.stop();
        void this.worker.terminate();
        return;
      }
    }
    if (this.wanted) this.request();
  }

  /**
   * Closes the worker's connection and waits for it (a running checkpoint finishes first), so the
   * store can close or rekey knowing no other connection holds the file. A worker that does not
   * answer within `timeoutMs` is terminated.
   */
  closeSync(timeoutMs = 10_000): void {
    if (this.broken) return;
    this.worker.postMessage('close');
    const answered = Atomics.wait(this.closed, 0, 0, timeoutMs) !== 'timed-out';
    this.stop();
    if (!answered) void this.worker.terminate();
  }

  /** Waits until no checkpoint is running or wanted (tests and the benchmark). */
  async settled(): Promise<void> {
    while (!this.broken && (!this.ready || this.running || this.wanted)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

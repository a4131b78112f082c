// WAL checkpoints on a second connection in a worker thread, so no commit waits for one.
//
// A checkpoint copies the WAL's pages into the database file; encrypted, it decrypts and
// re-encrypts each page (SQLCipher's HMAC made that 60–90 ms for 1,000 pages). SQLite's automatic
// checkpoint runs inside whichever commit crosses the threshold, and the store's own idle
// checkpoint runs on the main thread. During a burst of writes (people working fast, a bundle
// merge) the checkpointer takes over: the writer asks, the worker checkpoints PASSIVE (never
// blocking the writer), and the writer's automatic checkpoint is off. A WAL only starts over once
// every frame in it is in the database file, which a writer that never pauses never allows; the
// store restarts it itself once the worker has caught up (Store.restartWalOnceCaughtUp).
//
// The worker is evaluated from source and loads the same SQLite driver by its resolved path, so
// it runs alike in the app, the CLI, the benchmark and the tests. If it cannot start, the store
// checkpoints as before.
//
// Writer and worker talk through shared memory, not messages: a writer in a long synchronous loop
// never yields to its event loop, and the worker must keep up with it all the same.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Slots of the shared control array. */
const STATE = 0; // 0 starting, 1 ready, 2 stopped (failed or closed)
const REQUESTS = 1; // checkpoints asked for, counted by the writer
const SERVED = 2; // the request count the last checkpoint started from
const CLOSE = 3; // 1 once the writer asks the worker to close
const CLOSED = 4; // 1 once the worker's connection is closed
const WAL_FRAMES = 5; // frames in the WAL at the last checkpoint
const BACKFILLED = 6; // of those, copied into the database file
const DONE = 7; // checkpoints completed
const SLOTS = 8;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const control = workerData.control;
// The store waits on CLOSED when it closes, so its own close comes after ours and it is the last
// connection: the one that checkpoints the WAL away and removes it.
function stopped() {
  Atomics.store(control, ${STATE}, 2);
  Atomics.store(control, ${CLOSED}, 1);
  Atomics.notify(control, ${CLOSED});
}
let connection;
try {
  const Database = require(workerData.driver);
  connection = new Database(workerData.path);
  for (const pragma of workerData.pragmas) connection.pragma(pragma);
  connection.prepare('SELECT count(*) FROM sqlite_master').get();
} catch (error) {
  if (connection) connection.close();
  stopped();
  throw error;
}
Atomics.store(control, ${STATE}, 1);
try {
  let seen = 0;
  for (;;) {
    // Sleeps until the writer asks again; requests made meanwhile fold into one checkpoint.
    Atomics.wait(control, ${REQUESTS}, seen);
    if (Atomics.load(control, ${CLOSE}) === 1) break;
    seen = Atomics.load(control, ${REQUESTS});
    const result = connection.pragma('wal_checkpoint(PASSIVE)')[0];
    Atomics.store(control, ${WAL_FRAMES}, result.log);
    Atomics.store(control, ${BACKFILLED}, result.checkpointed);
    Atomics.store(control, ${SERVED}, seen);
    Atomics.add(control, ${DONE}, 1);
  }
} finally {
  connection.close();
  stopped();
}
`;

export interface CheckpointerOptions {
  path: string;
  /** The pragmas that open the file: the cipher and its key, or none for a plain file. */
  openPragmas: readonly string[];
}

export class Checkpointer {
  private readonly worker: Worker;
  private exited = false;
  private readonly stopListeners: (() => void)[] = [];
  private readonly control = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));

  constructor(options: CheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, path: options.path, pragmas: options.openPragmas, control: this.control },
      // A checkpoint needs little: SQLite's own page cache, not a JavaScript heap.
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    this.worker.unref();
    this.worker.on('error', () => this.stop());
    this.worker.on('exit', () => this.stop());
  }

  private stop(): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.stopListeners) listener();
  }

  /** Called once if the worker fails or exits. */
  onStop(listener: () => void): void {
    this.stopListeners.push(listener);
  }

  /** False once the worker failed or exited: the store then checkpoints on its own again. */
  get usable(): boolean {
    return !this.exited && Atomics.load(this.control, STATE) !== 2;
  }

  /** Completed checkpoints, for the tests and the benchmark. */
  get checkpoints(): number {
    return Atomics.load(this.control, DONE);
  }

  /** Asks for a checkpoint; requests while one runs fold into one more after it. */
  request(): void {
    if (!this.usable) return;
    Atomics.add(this.control, REQUESTS, 1);
    Atomics.notify(this.control, REQUESTS);
  }

  /**
   * What the last checkpoint found: the WAL's frames and how many of them are now in the database
   * file. Read once: the next call reports zeros until the worker has checkpointed again.
   */
  takeLastCheckpoint(): { walFrames: number; backfilled: number } {
    return { walFrames: Atomics.exchange(this.control, WAL_FRAMES, 0), backfilled: Atomics.exchange(this.control, BACKFILLED, 0) };
  }

  /**
   * Closes the worker's connection and waits for it (a running checkpoint finishes first), so the
   * store can close or rekey knowing no other connection holds the file. A worker that does not
   * answer within `timeoutMs` is terminated.
   */
  closeSync(timeoutMs = 10_000): void {
    if (this.exited) return;
    Atomics.store(this.control, CLOSE, 1);
    Atomics.add(this.control, REQUESTS, 1);
    Atomics.notify(this.control, REQUESTS);
    const answered = Atomics.wait(this.control, CLOSED, 0, timeoutMs) !== 'timed-out';
    this.stop();
    if (!answered) void this.worker.terminate();
  }

  /** Waits until the worker has started and served every request (tests and the benchmark). */
  async settled(): Promise<void> {
    const control = this.control;
    while (this.usable && (Atomics.load(control, STATE) === 0 || Atomics.load(control, SERVED) !== Atomics.load(control, REQUESTS))) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

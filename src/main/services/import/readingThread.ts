// Reading a file on a thread of its own while this thread writes (see reading.ts): the writer's
// side. The import's write is one synchronous transaction, so the events are taken off a
// MessagePort synchronously (receiveMessageOnPort) and, while none is there, this thread sleeps
// on a counter in shared memory that the reading thread bumps after each message.
// The thread's code is src/main/services/import/readerWorker.ts, built to out/main/importReader.js.
import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { CasebookError, type ErrorEnvelope } from '@shared/errors';
import { type ReadingEvent, type ReadingOptions, cancelled } from './reading';

/** Slots of the shared counters. */
export const POSTED = 0;
export const CONSUMED = 1;
export const STOP = 2;
/**
 * Chunks the reading thread may be ahead of the writer: more than a write batch (10 chunks), so
 * a whole batch waits while one is written; ~10 MB of rows waiting at most, besides the batch
 * the reader is gathering (it hands a batch over only once it has all of it, reading.ts).
 */
export const CHUNKS_AHEAD = 12;
/**
 * The reading thread's young generation, in MiB, small as the CLI starts Node's
 * (--max-semi-space-size=1): measured on the CLI's 100,000-row import, 440 MiB peak with 3,
 * 419 with 48, 392 with 1 (and 12 chunks ahead instead of 24).
 */
const READER_YOUNG_GENERATION_MIB = 1;
/** How long the writer sleeps at most before it asks shouldStop again. */
const WAIT_MS = 50;

export type ReaderMessage =
  | { type: 'event'; event: ReadingEvent }
  | { type: 'failed'; error: ErrorEnvelope; expected: boolean };

export interface ReaderData {
  content: Uint8Array;
  options: Omit<ReadingOptions, 'shouldStop' | 'writerWaiting'>;
  port: MessagePort;
  /** POSTED, CONSUMED and STOP. */
  signal: Int32Array;
}

/**
 * The reading of one file on a thread of its own, started before the writer opens its
 * transaction: the thread takes ~0.25 s to start and load its modules, which the writer spends
 * setting up (hashing the file, the checkpointer, the triggers) instead of waiting.
 */
export class ReadingThread {
  private readonly signal = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly shouldStop: (() => boolean) | undefined;
  private closed = false;

  constructor(readerFile: string, content: Uint8Array | string, options: ReadingOptions) {
    if (!existsSync(readerFile)) throw new Error(`The import's reading thread is not built: ${readerFile}`);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // The thread gets its own copy, and may rewrite it in place.
    const copy = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
    // Functions do not cross to the thread: it stops on the STOP counter and tells whether the
    // writer waits from CONSUMED (readerWorker.ts).
    const { shouldStop, writerWaiting: _toldByTheCounters, ...plain } = options;
    this.shouldStop = shouldStop;
    const data: ReaderData = { content: copy, options: { ...plain, handOverContent: true }, port: port2, signal: this.signal };
    this.worker = new Worker(readerFile, {
      workerData: data,
      transferList: [port2, copy.buffer as ArrayBuffer],
      resourceLimits: { maxYoungGenerationSizeMb: READER_YOUNG_GENERATION_MIB },
    });
  }

  /** Hands each event of the reading to `onEvent`, in order, until the end; then the thread is stopped. */
  read(onEvent: (event: ReadingEvent) => void): void {
    const { signal } = this;
    try {
      for (;;) {
        if (this.shouldStop?.()) {
          Atomics.store(signal, STOP, 1);
          throw cancelled();
        }
        const posted = Atomics.load(signal, POSTED);
        const received = receiveMessageOnPort(this.port) as { message: ReaderMessage } | undefined;
        if (!received) {
          Atomics.wait(signal, POSTED, posted, WAIT_MS);
          continue;
        }
        const message = received.message;
        if (message.type === 'failed') {
          const { code, message: text, issues } = message.error;
          throw message.expected ? new CasebookError(code, text, issues) : new Error(`The import's reading thread failed: ${text}`);
        }
        onEvent(message.event);
        if (message.event.type === 'chunk') {
          Atomics.add(signal, CONSUMED, 1);
          Atomics.notify(signal, CONSUMED);
        }
        if (message.event.type === 'end') return;
      }
    } finally {
      this.close();
    }
  }

  /** Stops the thread, read to the end or not. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.signal, STOP, 1);
    Atomics.notify(this.signal, CONSUMED);
    this.port.close();
    void this.worker.terminate();
  }
}

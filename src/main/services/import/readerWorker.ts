// The import's reading thread (see readingThread.ts): reads and checks the file, and posts what it
// finds to the writer, at most CHUNKS_AHEAD chunks ahead of it. Built to out/main/importReader.js.
import { workerData } from 'node:worker_threads';
import { CasebookError } from '@shared/errors';
import { type ReadingEvent, readImportFile } from './reading';
import { CHUNKS_AHEAD, CONSUMED, POSTED, type ReaderData, type ReaderMessage, STOP } from './readingThread';
import { fullCollection } from '../../youngGeneration';

const { content, options, port, signal } = workerData as ReaderData;
const stopped = (): boolean => Atomics.load(signal, STOP) === 1;
let chunksPosted = 0;
/**
 * Reading leaves garbage (cells, records, each chunk's rows) that V8 lets pile up: ~50 MiB by
 * the end of a 100,000-row file, 14 after a collection. The reader is ahead of the writer most of
 * the time, so it collects while it waits, once per COLLECT_EVERY chunks.
 */
const collect = fullCollection();
const COLLECT_EVERY = 5;
let chunksAtCollection = 0;

function post(message: ReaderMessage): void {
  port.postMessage(message);
  Atomics.add(signal, POSTED, 1);
  Atomics.notify(signal, POSTED);
}

function emit(event: ReadingEvent): void {
  if (event.type === 'chunk') {
    if (chunksPosted - Atomics.load(signal, CONSUMED) >= CHUNKS_AHEAD && chunksPosted - chunksAtCollection >= COLLECT_EVERY) {
      chunksAtCollection = chunksPosted;
      collect?.();
    }
    for (let consumed = Atomics.load(signal, CONSUMED); chunksPosted - consumed >= CHUNKS_AHEAD && !stopped(); consumed = Atomics.load(signal, CONSUMED)) {
      Atomics.wait(signal, CONSUMED, consumed, 100);
    }
    chunksPosted++;
  }
  post({ type: 'event', event });
}

try {
  // Every chunk posted has been taken, the last with its batch written: the writer waits.
  const writerWaiting = (): boolean => Atomics.load(signal, CONSUMED) === chunksPosted;
  readImportFile(Buffer.from(content.buffer, content.byteOffset, content.byteLength), { ...options, shouldStop: stopped, writerWaiting }, emit);
} catch (error) {
  if (error instanceof CasebookError) post({ type: 'failed', error: error.toEnvelope(), expected: true });
  else post({ type: 'failed', error: { code: 'INTERNAL', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, expected: false });
}
// The port stays open until the writer has taken every message and closes its end.

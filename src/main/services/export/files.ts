// Writing and reading the files that exports and bundles go to and come from. Paths always come
// from the main process (a save/open dialog, or the CLI's arguments), never from the renderer.
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { CasebookError } from '@shared/errors';

/** Written to a temporary name beside the target and renamed: never half a file. Owner-only. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Reads a whole file, refusing anything larger than `limit` bytes before reading it. */
export function readFileLimited(path: string, limit: number, what = 'file'): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new CasebookError('NOT_FOUND', `The ${what} could not be opened.`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > limit) throw new CasebookError('VALIDATION', `The ${what} is too large (${size} bytes; at most ${limit}).`);
    const buffer = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, buffer, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

// fsync for files and the folders that hold them: a rename is only durable once both are synced.
import { closeSync, fsyncSync, openSync } from 'node:fs';

export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes renames durable; some platforms cannot open a folder, and that is fine. */
export function syncFolder(folder: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; NTFS journals the rename itself.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

// app.requestSingleInstanceLock, kept as Chromium's ProcessSingleton keeps it on Linux (Electron
// uses that one, in the userData folder): a `SingletonLock` symlink naming `host-pid`, taken over
// when that process is gone, and a `SingletonSocket` on which a second instance hands its
// command line to the first ('second-instance') before it quits.
import { EventEmitter } from 'node:events';
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { type Server, createConnection, createServer } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface SecondInstance {
  argv: string[];
  workingDirectory: string;
  additionalData: unknown;
}

/** Whether the process a lock names still runs (on this machine; another machine's lock is held). */
function holderAlive(holder: string): boolean {
  const match = /^(.*)-(\d+)$/.exec(holder);
  if (!match) return false;
  if (match[1] !== hostname()) return true;
  try {
    process.kill(Number(match[2]), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class SingleInstanceLock extends EventEmitter<{ 'second-instance': [SecondInstance] }> {
  private readonly lockPath: string;
  private readonly socketPath: string;
  private readonly me = `${hostname()}-${process.pid}`;
  private held = false;
  private server: Server | null = null;
  /** The first instance being told about this one; quitting waits for it. */
  private telling: Promise<void> = Promise.resolve();
  private readonly folder: string;

  constructor(folder: string) {
    super();
    this.folder = folder;
    this.lockPath = join(folder, 'SingletonLock');
    this.socketPath = join(folder, 'SingletonSocket');
  }

  request(additionalData: unknown): boolean {
    if (this.held) return true;
    mkdirSync(this.folder, { recursive: true });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        symlinkSync(this.me, this.lockPath);
        this.held = true;
        this.listen();
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let holder: string;
      try {
        holder = readlinkSync(this.lockPath);
      } catch {
        continue; // released meanwhile
      }
      if (holderAlive(holder)) {
        this.tellFirstInstance(additionalData);
        return false;
      }
      // The instance that held it is gone without releasing it: take it over, as Chromium does.
      rmSync(this.lockPath, { force: true });
    }
    return false;
  }

  hasLock(): boolean {
    return this.held;
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.server?.close();
    this.server = null;
    rmSync(this.socketPath, { force: true });
    rmSync(this.lockPath, { force: true });
  }

  /** Resolves once the first instance has been told (or could not be). */
  told(): Promise<void> {
    return this.telling;
  }

  private listen(): void {
    rmSync(this.socketPath, { force: true });
    this.server = createServer((socket) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => {
        try {
          this.emit('second-instance', JSON.parse(text) as SecondInstance);
        } catch (error) {
          console.error('[stand-in] a second instance sent what could not be read', error);
        }
        socket.end();
      });
    });
    this.server.listen(this.socketPath);
  }

  private tellFirstInstance(additionalData: unknown): void {
    const message: SecondInstance = { argv: process.argv, workingDirectory: process.cwd(), additionalData: additionalData ?? null };
    this.telling = new Promise((resolve) => {
      const socket = createConnection(this.socketPath, () => socket.end(JSON.stringify(message)));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
  }
}

// The app's one store, locked or unlocked, and who is signed in. The IPC layer and the shell
// talk to this; the services below it receive an unlocked Store.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SignedInAccount } from '@shared/accounts';
import type { SessionStatus } from '@shared/domain';
import { CasebookError } from '@shared/errors';
import { type ScryptCost, type Store, changePassphrase, createUnlockedStore, storeExists, unlockStore } from '../store';
import { accountForSlot } from './accounts';
import { recordEvent } from './audit';

export interface SessionOptions {
  storePath: string;
  /** Lower only in tests. */
  scryptCost?: ScryptCost;
  /** The clock, for the growing delay after wrong passphrases; tests move it. */
  now?: () => number;
}

/** Failed unlocks are kept beside the store (times only, no names) for the delay and the audit trail. */
interface FailedAttempts {
  times: string[];
}

/** After three wrong passphrases, each further attempt waits twice as long, up to five minutes. */
export function unlockDelaySeconds(failures: number): number {
  return failures < 3 ? 0 : Math.min(2 ** (failures - 3), 300);
}

export class Session {
  private store: Store | null = null;
  private storeKey: Buffer | null = null;
  private account: SignedInAccount | null = null;
  /** Unlock and create are slow (scrypt); one at a time. */
  private pending: Promise<unknown> = Promise.resolve();
  private readonly lockListeners = new Set<() => void>();
  private readonly lockingListeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly options: SessionOptions) {
    this.now = options.now ?? Date.now;
  }

  get storePath(): string {
    return this.options.storePath;
  }

  private get attemptsPath(): string {
    return `${this.options.storePath}.attempts`;
  }

  status(): SessionStatus {
    if (this.store?.isOpen && this.account) {
      return { state: 'unlocked', userName: this.account.name, role: this.account.role, teamSlug: this.account.teamSlug };
    }
    return { state: storeExists(this.options.storePath) ? 'locked' : 'no-store', userName: null, role: null, teamSlug: null };
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.pending.then(work, work);
    this.pending = next.catch(() => undefined);
    return next;
  }

  create(userName: string, passphrase: string): Promise<SessionStatus> {
    return this.serialised(async () => {
      if (this.store) throw new CasebookError('STORE_EXISTS', 'A store is already open.');
      const options = { path: this.options.storePath, passphrase, userName };
      const unlocked = await createUnlockedStore(this.options.scryptCost ? { ...options, scryptCost: this.options.scryptCost } : options);
      this.signIn(unlocked.store, unlocked.storeKey, unlocked.slotId);
      return this.status();
    });
  }

  private readAttempts(): FailedAttempts {
    try {
      const parsed = JSON.parse(readFileSync(this.attemptsPath, 'utf8')) as FailedAttempts;
      return Array.isArray(parsed.times) ? { times: parsed.times.filter((time) => typeof time === 'string').slice(-1000) } : { times: [] };
    } catch {
      return { times: [] };
    }
  }

  unlock(passphrase: string, userName?: string): Promise<SessionStatus> {
    return this.serialised(async () => {
      if (this.store) return this.status();
      const attempts = this.readAttempts();
      const last = attempts.times.at(-1);
      const wait = unlockDelaySeconds(attempts.times.length);
      if (last && wait > 0) {
        const remaining = Math.ceil((Date.parse(last) + wait * 1000 - this.now()) / 1000);
        if (remaining > 0) {
          throw new CasebookError('TOO_MANY_ATTEMPTS', `Too many wrong passphrases. Try again in ${remaining} s.`, [
            { path: 'passphrase', message: `retry_after:${remaining}` },
          ]);
        }
      }
      let unlocked;
      try {
        unlocked = await unlockStore({ path: this.options.storePath, passphrase, ...(userName ? { userName } : {}) });
      } catch (error) {
        if (error instanceof CasebookError && error.code === 'WRONG_PASSPHRASE') {
          writeFileSync(this.attemptsPath, JSON.stringify({ times: [...attempts.times, new Date(this.now()).toISOString()] }), { mode: 0o600 });
        }
        throw error;
      }
      try {
        this.signIn(unlocked.store, unlocked.storeKey, unlocked.slotId, attempts.times);
      } catch (error) {
        unlocked.store.close();
        unlocked.storeKey.fill(0);
        throw error;
      }
      if (existsSync(this.attemptsPath)) rmSync(this.attemptsPath, { force: true });
      return this.status();
    });
  }

  private signIn(store: Store, storeKey: Buffer, slotId: string, failedUnlocks: string[] = []): void {
    const account = accountForSlot(store, slotId);
    // Failed attempts could not be written while the store was locked; they go in now.
    for (const at of failedUnlocks) recordEvent(store, 'unlock_failed', {}, { at, actor: 'unknown' });
    this.store = store;
    this.storeKey = storeKey;
    this.account = { id: account.id, name: account.name, role: account.role, teamSlug: account.teamSlug };
    recordEvent(store, 'unlock', {}, { kind: 'account', id: account.id });
  }

  /** Closes the store and wipes its key from memory. */
  lock(): SessionStatus {
    const store = this.store;
    if (store) for (const listener of this.lockingListeners) listener();
    this.store = null;
    this.account = null;
    this.storeKey?.fill(0);
    this.storeKey = null;
    if (store) {
      store.close();
      for (const listener of this.lockListeners) listener();
    }
    return this.status();
  }

  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Called as locking starts, while the store is still open: work on other connections stops first. */
  onLocking(listener: () => void): () => void {
    this.lockingListeners.add(listener);
    return () => this.lockingListeners.delete(listener);
  }

  changePassphrase(current: string, next: string): Promise<void> {
    return this.serialised(async () => {
      await changePassphrase(this.options.storePath, current, next, this.options.scryptCost, this.account?.name);
      if (this.store) recordEvent(this.store, 'passphrase_change', {}, { kind: 'account', id: this.account?.id ?? null });
    });
  }

  /** The open store, or a LOCKED error for every channel that needs data. */
  requireStore(): Store {
    if (!this.store?.isOpen) throw new CasebookError('LOCKED', 'The store is locked. Unlock it first.');
    return this.store;
  }

  /** Who is signed in, or null while locked. */
  currentAccount(): SignedInAccount | null {
    return this.store?.isOpen ? this.account : null;
  }

  /** Backups go to a folder beside the store. */
  get backupFolder(): string {
    return join(dirname(this.options.storePath), 'backups');
  }

  requireAccount(): SignedInAccount {
    if (!this.store?.isOpen || !this.account) throw new CasebookError('LOCKED', 'The store is locked. Unlock it first.');
    return this.account;
  }

  /** The store key, for adding an account's slot. */
  keyAccess(): { storeKey: Buffer; scryptCost?: ScryptCost | undefined } {
    if (!this.storeKey) throw new CasebookError('LOCKED', 'The store is locked. Unlock it first.');
    return { storeKey: this.storeKey, scryptCost: this.options.scryptCost };
  }

  /** After a rekey the old key is wiped and the new one kept. */
  replaceStoreKey(newKey: Buffer): void {
    this.storeKey?.fill(0);
    this.storeKey = newKey;
  }
}

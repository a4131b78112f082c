// The app's one store, locked or unlocked. The IPC layer and the shell talk to this; the
// services below it receive an unlocked Store.
import { CasebookError } from '@shared/errors';
import type { SessionStatus } from '@shared/domain';
import { type ScryptCost, type Store, changePassphrase, createStore, openStore, storeExists } from '../store';

export interface SessionOptions {
  storePath: string;
  /** Lower only in tests. */
  scryptCost?: ScryptCost;
}

export class Session {
  private store: Store | null = null;
  /** Unlock and create are slow (scrypt); one at a time. */
  private pending: Promise<unknown> = Promise.resolve();
  private readonly lockListeners = new Set<() => void>();

  constructor(private readonly options: SessionOptions) {}

  get storePath(): string {
    return this.options.storePath;
  }

  status(): SessionStatus {
    if (this.store?.isOpen) return { state: 'unlocked', userName: this.store.actor };
    return { state: storeExists(this.options.storePath) ? 'locked' : 'no-store', userName: null };
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
      this.store = await createStore(this.options.scryptCost ? { ...options, scryptCost: this.options.scryptCost } : options);
      return this.status();
    });
  }

  unlock(passphrase: string): Promise<SessionStatus> {
    return this.serialised(async () => {
      if (!this.store) this.store = await openStore({ path: this.options.storePath, passphrase });
      return this.status();
    });
  }

  /** Closes the store; the key is gone from memory with the connection. */
  lock(): SessionStatus {
    const store = this.store;
    this.store = null;
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

  changePassphrase(current: string, next: string): Promise<void> {
    return this.serialised(() => changePassphrase(this.options.storePath, current, next, this.options.scryptCost));
  }

  /** The open store, or a LOCKED error for every channel that needs data. */
  requireStore(): Store {
    if (!this.store?.isOpen) throw new CasebookError('LOCKED', 'The store is locked. Unlock it first.');
    return this.store;
  }
}

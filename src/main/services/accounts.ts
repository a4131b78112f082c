// Personal accounts. Each account owns a slot in the key file; its row here says who it is,
// its role and team. Adding an account adds a slot; removing one deletes the slot and can
// rekey the store so an old copy of that slot opens nothing new.
import { type Account, type AccountRole, accountCreateInput, accountUpdateInput } from '@shared/accounts';
import type { TeamSlug } from '@shared/domain';
import { CasebookError, validationError } from '@shared/errors';
import type { z } from 'zod';
import { type ScryptCost, type Store, addKeySlot, keyFilePathFor, rekeyStore, removeKeySlot } from '../store';
import { recordEvent } from './audit';
import { newId, notFound, now, versionConflict } from './common';

interface AccountRow {
  id: string;
  name: string;
  role: string;
  team_slug: string | null;
  key_slot_id: string;
  active: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    role: row.role as AccountRole,
    teamSlug: row.team_slug as TeamSlug | null,
    active: row.active === 1,
    removed: row.key_slot_id.startsWith('removed:'),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    version: row.version,
  };
}

export function listAccounts(store: Store): Account[] {
  return (store.connection.prepare('SELECT * FROM accounts ORDER BY name').all() as AccountRow[]).map(toAccount);
}

export function getAccount(store: Store, id: string): Account {
  const row = store.connection.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  if (!row) throw notFound('account', id);
  return toAccount(row);
}

/**
 * The account a key slot belongs to. A store made before accounts existed has one slot and
 * no account: that first user becomes its admin.
 */
export function accountForSlot(store: Store, slotId: string): Account {
  const row = store.connection.prepare('SELECT * FROM accounts WHERE key_slot_id = ?').get(slotId) as AccountRow | undefined;
  if (row) {
    if (row.active !== 1) throw new CasebookError('WRONG_PASSPHRASE', 'The passphrase is wrong.');
    return toAccount(row);
  }
  const existing = store.connection.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number };
  if (existing.n > 0) throw new CasebookError('WRONG_PASSPHRASE', 'The passphrase is wrong.');
  const at = now();
  const id = newId();
  store.transaction(() => {
    store.connection
      .prepare(
        `INSERT INTO accounts (id, name, role, team_slug, key_slot_id, active, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, 'admin', NULL, ?, 1, ?, ?, ?, ?)`,
      )
      .run(id, store.actor, slotId, at, store.actor, at, store.actor);
  });
  return getAccount(store, id);
}

function activeAdmins(store: Store, except?: string): number {
  const row = store.connection
    .prepare("SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND active = 1 AND id IS NOT ?")
    .get(except ?? null) as { n: number };
  return row.n;
}

export interface KeyAccess {
  storeKey: Buffer;
  scryptCost?: ScryptCost | undefined;
}

export async function createAccount(store: Store, key: KeyAccess, input: z.input<typeof accountCreateInput>): Promise<Account> {
  const parsed = accountCreateInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'account');
  const data = parsed.data;
  const taken = store.connection.prepare('SELECT 1 FROM accounts WHERE name = ?').get(data.name);
  if (taken) throw new CasebookError('VALIDATION', `An account named ${data.name} exists.`, [{ path: 'name', message: 'name_taken' }]);
  const keyPath = keyFilePathFor(store.path);
  const slotId = await addKeySlot(keyPath, key.storeKey, data.passphrase, data.name, key.scryptCost);
  const id = newId();
  const at = now();
  try {
    store.transaction(() => {
      store.connection
        .prepare(
          `INSERT INTO accounts (id, name, role, team_slug, key_slot_id, active, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
        )
        .run(id, data.name, data.role, data.teamSlug, slotId, at, store.actor, at, store.actor);
      recordEvent(store, 'account_create', { role: data.role, teamSlug: data.teamSlug }, { kind: 'account', id });
    });
  } catch (error) {
    removeKeySlot(keyPath, slotId);
    throw error;
  }
  return getAccount(store, id);
}

export function updateAccount(store: Store, input: z.input<typeof accountUpdateInput>): Account {
  const parsed = accountUpdateInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'account');
  const { id, version, account } = parsed.data;
  store.transaction(() => {
    const current = getAccount(store, id);
    if (current.removed && account.active) {
      throw new CasebookError('RULE_VIOLATION', 'A removed account has no key any more; create a new one.', [
        { path: 'active', message: 'account_removed' },
      ]);
    }
    if (current.role === 'admin' && (account.role !== 'admin' || !account.active) && activeAdmins(store, id) === 0) {
      throw new CasebookError('RULE_VIOLATION', 'The last admin cannot be demoted or deactivated.', [
        { path: 'role', message: 'last_admin' },
      ]);
    }
    const { changes } = store.connection
      .prepare(
        `UPDATE accounts SET name = ?, role = ?, team_slug = ?, active = ?, updated_at = ?, updated_by = ?, version = version + 1
         WHERE id = ? AND version = ?`,
      )
      .run(account.name, account.role, account.teamSlug, account.active ? 1 : 0, now(), store.actor, id, version);
    if (changes === 0) throw versionConflict('account');
    recordEvent(store, 'account_update', { role: account.role, teamSlug: account.teamSlug, active: account.active }, { kind: 'account', id });
  });
  return getAccount(store, id);
}

/**
 * Deletes the account's key slot and deactivates the account (its row stays, since the audit
 * trail names it). With `rekey`, the database is re-encrypted under a new key sealed to the
 * remaining slots; the returned key replaces the session's.
 */
export function removeAccount(store: Store, input: { id: string; rekey: boolean }, signedInId: string): { newStoreKey: Buffer | null } {
  const account = getAccount(store, input.id);
  if (account.id === signedInId) {
    throw new CasebookError('RULE_VIOLATION', 'You cannot remove your own account.', [{ path: 'id', message: 'cannot_remove_self' }]);
  }
  if (account.role === 'admin' && activeAdmins(store, account.id) === 0) {
    throw new CasebookError('RULE_VIOLATION', 'The last admin cannot be removed.', [{ path: 'id', message: 'last_admin' }]);
  }
  const row = store.connection.prepare('SELECT key_slot_id FROM accounts WHERE id = ?').get(account.id) as { key_slot_id: string };
  store.transaction(() => {
    store.connection
      .prepare("UPDATE accounts SET active = 0, key_slot_id = 'removed:' || id, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?")
      .run(now(), store.actor, account.id);
    recordEvent(store, 'account_remove', { rekey: input.rekey }, { kind: 'account', id: account.id });
  });
  if (!row.key_slot_id.startsWith('removed:')) removeKeySlot(keyFilePathFor(store.path), row.key_slot_id);
  if (!input.rekey) return { newStoreKey: null };
  const newStoreKey = rekeyStore(store);
  recordEvent(store, 'rekey', { reason: 'account_removed' });
  return { newStoreKey };
}

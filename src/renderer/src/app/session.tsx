// The session as the renderer sees it: who is working and how to lock.
import { createContext, useContext } from 'react';
import type { AccountRole, TeamSlug } from '@shared/domain';

export type LockReason = 'manual' | 'idle' | 'service';

export interface SessionApi {
  userName: string;
  /** The signed-in account's role; null only for a store older than accounts. */
  role: AccountRole | null;
  /** A member's team (main narrows their lists to it); null for coordinators and admins. */
  teamSlug: TeamSlug | null;
  lock: (reason: LockReason) => void;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside an unlocked session');
  return session;
}

const AUTO_LOCK_KEY = 'casebook.autoLockMinutes';
export const AUTO_LOCK_CHOICES = [1, 2, 5, 10, 15, 30, 60] as const;
// Five minutes, as the security model promises; Settings may change it.
export const DEFAULT_AUTO_LOCK_MINUTES = 5;

export function readAutoLockMinutes(): number {
  try {
    const value = Number(localStorage.getItem(AUTO_LOCK_KEY));
    return (AUTO_LOCK_CHOICES as readonly number[]).includes(value) ? value : DEFAULT_AUTO_LOCK_MINUTES;
  } catch {
    return DEFAULT_AUTO_LOCK_MINUTES;
  }
}

export function writeAutoLockMinutes(minutes: number): void {
  try {
    localStorage.setItem(AUTO_LOCK_KEY, String(minutes));
  } catch {
    // Not persisted; the default applies next time.
  }
  window.dispatchEvent(new CustomEvent('casebook:autolock-changed'));
}

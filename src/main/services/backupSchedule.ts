// Backups on a schedule, and which of them to keep.
//
// Rotation keeps, like borg's and restic's --keep-daily/--keep-weekly, the newest backup of each
// of the `daily` most recent days that have a backup, and the newest of each of the `weekly` most
// recent ISO weeks that have one; days and weeks are counted in Serbia's time zone. The newest
// backup is always kept, whatever the policy says.
import { rmSync } from 'node:fs';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { SERBIA_TIME_ZONE } from '@shared/time';
import type { Store } from '../store';
import { type BackupEntry, type BackupOptions, type BackupResult, backupPrefixFor, backupStore, listBackups } from './backup';

export interface RetentionPolicy {
  daily: number;
  weekly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4 };

export interface Selection<T> {
  keep: T[];
  remove: T[];
}

/** Pure: splits backups (any order) into those the policy keeps and those it lets go, both newest first. */
export function selectBackupsToKeep<T extends { createdAt: Date }>(
  backups: readonly T[],
  policy: RetentionPolicy = DEFAULT_RETENTION,
  timeZone: string = SERBIA_TIME_ZONE,
): Selection<T> {
  const dated = backups.filter((backup) => !Number.isNaN(backup.createdAt.getTime()));
  const newestFirst = [...dated].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<T>();
  const rules: { limit: number; period: (date: TZDate) => string }[] = [
    { limit: policy.daily, period: (date) => format(date, 'yyyy-MM-dd') },
    { limit: policy.weekly, period: (date) => format(date, "RRRR-'W'II") },
  ];
  for (const rule of rules) {
    const periods = new Set<string>();
    for (const backup of newestFirst) {
      if (periods.size >= Math.max(0, Math.floor(rule.limit))) break;
      const period = rule.period(new TZDate(backup.createdAt.getTime(), timeZone));
      if (periods.has(period)) continue;
      periods.add(period);
      keep.add(backup);
    }
  }
  if (newestFirst[0]) keep.add(newestFirst[0]);
  // Undated entries are never removed: a name we cannot read is not ours to delete.
  const undated = backups.filter((backup) => Number.isNaN(backup.createdAt.getTime()));
  return {
    keep: [...newestFirst.filter((backup) => keep.has(backup)), ...undated],
    remove: newestFirst.filter((backup) => !keep.has(backup)),
  };
}

/** Deletes the backups in `folder` that the policy lets go, per store; returns them. */
export function pruneBackups(folder: string, policy: RetentionPolicy = DEFAULT_RETENTION): BackupEntry[] {
  const byPrefix = new Map<string, BackupEntry[]>();
  for (const entry of listBackups(folder)) {
    byPrefix.set(entry.prefix, [...(byPrefix.get(entry.prefix) ?? []), entry]);
  }
  const removed: BackupEntry[] = [];
  for (const entries of byPrefix.values()) {
    for (const entry of selectBackupsToKeep(entries, policy).remove) {
      // The database first: a key file alone is never listed as a backup.
      rmSync(entry.path, { force: true });
      rmSync(entry.keyFilePath, { force: true });
      removed.push(entry);
    }
  }
  return removed;
}

export interface BackupScheduleOptions {
  folder: string;
  /** The open store, or null while the app is locked (then nothing is backed up). */
  getStore: () => Store | null;
  /** A backup is made when the newest one is older than this; default one day. */
  everyMs?: number;
  /** How often to look; default hourly, so a machine that slept catches up soon after it wakes. */
  checkEveryMs?: number;
  policy?: RetentionPolicy;
  onBackup?: (backup: BackupResult, removed: BackupEntry[]) => void;
  onError?: (error: unknown) => void;
  now?: () => Date;
  io?: BackupOptions['io'];
}

export interface BackupSchedule {
  /** Backs up now if one is due (or always, with force), then rotates; returns the backup or null. */
  runNow(force?: boolean): BackupResult | null;
  stop(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** For the app: start after the session exists; stop on quit. Errors go to onError, never thrown from the timer. */
export function startBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const now = options.now ?? (() => new Date());
  const everyMs = options.everyMs ?? DAY_MS;
  const policy = options.policy ?? DEFAULT_RETENTION;

  const runNow = (force = false): BackupResult | null => {
    const store = options.getStore();
    if (!store?.isOpen) return null;
    const prefix = backupPrefixFor(store.path);
    const newest = listBackups(options.folder).find((entry) => entry.prefix === prefix);
    if (!force && newest && now().getTime() - newest.createdAt.getTime() < everyMs) return null;
    const backup = backupStore(store, options.folder, options.io ? { now, io: options.io } : { now });
    const removed = pruneBackups(options.folder, policy);
    options.onBackup?.(backup, removed);
    return backup;
  };

  const tick = () => {
    try {
      runNow();
    } catch (error) {
      (options.onError ?? ((e: unknown) => console.error('[backup] scheduled backup failed', e)))(error);
    }
  };
  const timer = setInterval(tick, options.checkEveryMs ?? HOUR_MS);
  timer.unref();
  return {
    runNow,
    stop: () => clearInterval(timer),
  };
}

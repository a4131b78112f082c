// The store's 256-bit key lives only wrapped (AES-256-GCM) under a key derived from a
// passphrase with scrypt, in a key file beside the database. Each wrapped copy is a slot,
// so later every account can hold its own; changing a passphrase rewraps one slot and
// never re-encrypts the database.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CasebookError } from '@shared/errors';

export const STORE_KEY_BYTES = 32;
const FORMAT = 'crisis-casebook/key-slots';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
/** About 128 MiB and a few hundred milliseconds per attempt: slow enough to make guessing expensive. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const base64 = z.base64();
// A slot names no one in the clear: its label (the user's name) is sealed with the key.
const keySlot = z.object({
  id: z.uuid(),
  kdf: z.object({
    algorithm: z.literal('scrypt'),
    N: z.number().int().min(2 ** 10).max(2 ** 22),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: base64,
  }),
  iv: base64,
  tag: base64,
  wrappedKey: base64,
  createdAt: z.string(),
});
type KeySlot = z.infer<typeof keySlot>;

const keyFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  slots: z.array(keySlot).min(1),
});
type KeyFile = z.infer<typeof keyFile>;

export function keyFilePathFor(databasePath: string): string {
  return `${databasePath}.keys`;
}

function deriveWrappingKey(passphrase: string, kdf: KeySlot['kdf']): Promise<Buffer> {
  const salt = Buffer.from(kdf.salt, 'base64');
  const maxmem = 256 * kdf.N * kdf.r + 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** The slot's metadata is authenticated with the key, so nobody can swap labels or weaken the KDF unnoticed. */
function slotAssociatedData(slot: Pick<KeySlot, 'id' | 'kdf'>): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, slot.id, slot.kdf]), 'utf8');
}

async function wrapIntoSlot(storeKey: Buffer, passphrase: string, label: string, cost: ScryptCost): Promise<KeySlot> {
  const kdf = { algorithm: 'scrypt' as const, ...cost, salt: randomBytes(16).toString('base64') };
  const slot = { id: randomUUID(), kdf };
  const wrappingKey = await deriveWrappingKey(passphrase, kdf);
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
    cipher.setAAD(slotAssociatedData(slot));
    const sealed = Buffer.concat([storeKey, Buffer.from(label, 'utf8')]);
    const wrappedKey = Buffer.concat([cipher.update(sealed), cipher.final()]);
    sealed.fill(0);
    return {
      ...slot,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      wrappedKey: wrappedKey.toString('base64'),
      createdAt: new Date().toISOString(),
    };
  } finally {
    wrappingKey.fill(0);
  }
}

async function unwrapSlot(slot: KeySlot, passphrase: string): Promise<{ storeKey: Buffer; label: string } | null> {
  const wrappingKey = await deriveWrappingKey(passphrase, slot.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(slot.iv, 'base64'));
    decipher.setAAD(slotAssociatedData(slot));
    decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
    const sealed = Buffer.concat([decipher.update(Buffer.from(slot.wrappedKey, 'base64')), decipher.final()]);
    if (sealed.length <= STORE_KEY_BYTES) return null;
    const storeKey = Buffer.from(sealed.subarray(0, STORE_KEY_BYTES));
    const label = sealed.subarray(STORE_KEY_BYTES).toString('utf8');
    sealed.fill(0);
    return { storeKey, label };
  } catch {
    return null; // GCM authentication failed: not this slot's passphrase.
  } finally {
    wrappingKey.fill(0);
  }
}

export function readKeyFile(path: string): KeyFile {
  if (!existsSync(path)) {
    throw new CasebookError('KEY_FILE_MISSING', `The key file is missing: ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CasebookError('KEY_FILE_CORRUPT', `The key file is damaged (not readable JSON): ${path}`);
  }
  const result = keyFile.safeParse(parsed);
  if (!result.success) {
    throw new CasebookError('KEY_FILE_CORRUPT', `The key file is damaged (unexpected content): ${path}`);
  }
  return result.data;
}

/** Written to a temporary name and renamed, so a crash never leaves half a key file. */
function writeKeyFile(path: string, file: KeyFile): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

export async function createKeyFile(
  path: string,
  passphrase: string,
  label: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<Buffer> {
  const storeKey = randomBytes(STORE_KEY_BYTES);
  const slot = await wrapIntoSlot(storeKey, passphrase, label, cost);
  writeKeyFile(path, { format: FORMAT, version: 1, slots: [slot] });
  return storeKey;
}

export interface UnlockedKey {
  storeKey: Buffer;
  slotId: string;
  label: string;
}

export async function unlockKeyFile(path: string, passphrase: string): Promise<UnlockedKey> {
  const file = readKeyFile(path);
  for (const slot of file.slots) {
    const unwrapped = await unwrapSlot(slot, passphrase);
    if (unwrapped) return { ...unwrapped, slotId: slot.id };
  }
  throw new CasebookError('WRONG_PASSPHRASE', 'The passphrase is wrong.');
}

/** Rewraps the slot the current passphrase opens; the database is untouched. */
export async function rewrapKeySlot(
  path: string,
  current: string,
  next: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<void> {
  const file = readKeyFile(path);
  const unlocked = await unlockKeyFile(path, current);
  try {
    const replacement = await wrapIntoSlot(unlocked.storeKey, next, unlocked.label, cost);
    const slots = file.slots.map((slot) => (slot.id === unlocked.slotId ? replacement : slot));
    writeKeyFile(path, { ...file, slots });
  } finally {
    unlocked.storeKey.fill(0);
  }
}

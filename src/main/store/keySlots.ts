// The key file beside the database. The store's random 256-bit key never sits on disk in
// the clear: each account has a slot holding an X25519 key pair whose private half is wrapped
// (AES-256-GCM) under a key derived from that account's passphrase with scrypt, and the
// store key is sealed to every slot's public half. So:
// - changing a passphrase rewraps one private key and never re-encrypts the database;
// - adding an account seals the store key to a new slot;
// - after removing an account, the store can be rekeyed and the new key sealed to the
//   remaining slots without anyone's passphrase, so an old copy of a removed slot opens
//   nothing written since.
import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomUUID,
  scrypt,
} from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CasebookError } from '@shared/errors';

export const STORE_KEY_BYTES = 32;
const FORMAT = 'crisis-casebook/key-slots';
const SEAL_INFO = Buffer.from('crisis-casebook/store-key-seal/v2', 'utf8');

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
/** About 128 MiB and a few hundred milliseconds per attempt: slow enough to make guessing expensive. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const base64 = z.base64();
const sealed = z.object({ iv: base64, tag: base64, ciphertext: base64 });
const kdfParameters = z.object({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2 ** 10).max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: base64,
});

// A slot names no one in the clear: the user's name is sealed with the private key, and
// only a salted tag of it (to find the slot at unlock) is visible.
const keySlot = z.object({
  id: z.uuid(),
  nameTag: base64,
  kdf: kdfParameters,
  privateKey: sealed,
  publicKey: base64,
  storeKey: sealed.extend({ ephemeralPublicKey: base64 }),
  createdAt: z.string(),
});
type KeySlot = z.infer<typeof keySlot>;

const keyFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(2),
  tagSalt: base64,
  slots: z.array(keySlot).min(1),
});
type KeyFile = z.infer<typeof keyFile>;

export function keyFilePathFor(databasePath: string): string {
  return `${databasePath}.keys`;
}

export function normaliseUserName(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('sr');
}

function nameTagOf(file: Pick<KeyFile, 'tagSalt'>, userName: string): string {
  return createHmac('sha256', Buffer.from(file.tagSalt, 'base64')).update(normaliseUserName(userName), 'utf8').digest('base64');
}

function deriveWrappingKey(passphrase: string, kdf: KeySlot['kdf']): Promise<Buffer> {
  // scrypt's HMAC pads short keys with zero bytes, so "pass" and "pass\0" would open the same slot.
  if (passphrase.includes('\u0000')) {
    return Promise.reject(
      new CasebookError('VALIDATION', 'A passphrase cannot contain the NUL character.', [{ path: 'passphrase', message: 'passphrase_nul' }]),
    );
  }
  const salt = Buffer.from(kdf.salt, 'base64');
  const maxmem = 256 * kdf.N * kdf.r + 64 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function encrypt(key: Buffer, plaintext: Buffer, associatedData: Buffer): z.infer<typeof sealed> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

/** Null when authentication fails: a wrong key, or an edited file. */
function decrypt(key: Buffer, box: z.infer<typeof sealed>, associatedData: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(associatedData);
    decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

function sealKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), SEAL_INFO, 32));
}

/** Seals the store key to a slot's public key with an ephemeral X25519 exchange. */
function sealStoreKey(storeKey: Buffer, recipientPublicDer: Buffer): KeySlot['storeKey'] {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' });
  const recipient = createPublicKey({ key: recipientPublicDer, format: 'der', type: 'spki' });
  const wrapping = sealKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralPublic, recipientPublicDer);
  try {
    return { ...encrypt(wrapping, storeKey, Buffer.concat([ephemeralPublic, recipientPublicDer])), ephemeralPublicKey: ephemeralPublic.toString('base64') };
  } finally {
    wrapping.fill(0);
  }
}

function openStoreKey(slot: KeySlot, privateKey: KeyObject): Buffer | null {
  const ephemeralPublic = Buffer.from(slot.storeKey.ephemeralPublicKey, 'base64');
  const recipientPublic = Buffer.from(slot.publicKey, 'base64');
  const ephemeral = createPublicKey({ key: ephemeralPublic, format: 'der', type: 'spki' });
  const wrapping = sealKey(diffieHellman({ privateKey, publicKey: ephemeral }), ephemeralPublic, recipientPublic);
  try {
    const storeKey = decrypt(wrapping, slot.storeKey, Buffer.concat([ephemeralPublic, recipientPublic]));
    return storeKey && storeKey.length === STORE_KEY_BYTES ? storeKey : null;
  } finally {
    wrapping.fill(0);
  }
}

/** The slot's metadata is authenticated with its private key, so nobody can swap it unnoticed. */
function slotAssociatedData(slot: Pick<KeySlot, 'id' | 'kdf' | 'publicKey' | 'nameTag'>): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, 2, slot.id, slot.kdf, slot.publicKey, slot.nameTag]), 'utf8');
}

async function newSlot(
  file: Pick<KeyFile, 'tagSalt'>,
  storeKey: Buffer,
  passphrase: string,
  label: string,
  cost: ScryptCost,
  keyPair: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('x25519'),
  id: string = randomUUID(),
): Promise<KeySlot> {
  const kdf = { algorithm: 'scrypt' as const, ...cost, salt: randomBytes(16).toString('base64') };
  const publicKey = keyPair.publicKey.export({ format: 'der', type: 'spki' });
  const header = { id, nameTag: nameTagOf(file, label), kdf, publicKey: publicKey.toString('base64') };
  const wrappingKey = await deriveWrappingKey(passphrase, kdf);
  const privateDer = keyPair.privateKey.export({ format: 'der', type: 'pkcs8' });
  const secret = Buffer.concat([Buffer.from([privateDer.length]), privateDer, Buffer.from(label, 'utf8')]);
  try {
    return {
      ...header,
      privateKey: encrypt(wrappingKey, secret, slotAssociatedData(header)),
      storeKey: sealStoreKey(storeKey, publicKey),
      createdAt: new Date().toISOString(),
    };
  } finally {
    wrappingKey.fill(0);
    secret.fill(0);
    privateDer.fill(0);
  }
}

interface OpenedSlot {
  privateKey: KeyObject;
  label: string;
}

async function openSlot(slot: KeySlot, passphrase: string): Promise<OpenedSlot | null> {
  const wrappingKey = await deriveWrappingKey(passphrase, slot.kdf);
  try {
    const secret = decrypt(wrappingKey, slot.privateKey, slotAssociatedData(slot));
    if (!secret || secret.length < 2) return null;
    const length = secret[0] as number;
    const privateKey = createPrivateKey({ key: secret.subarray(1, 1 + length), format: 'der', type: 'pkcs8' });
    const label = secret.subarray(1 + length).toString('utf8');
    secret.fill(0);
    return { privateKey, label };
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

export interface UnlockedKey {
  storeKey: Buffer;
  slotId: string;
  label: string;
}

export async function createKeyFile(
  path: string,
  passphrase: string,
  label: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<UnlockedKey> {
  const storeKey = randomBytes(STORE_KEY_BYTES);
  const tagSalt = randomBytes(16).toString('base64');
  const slot = await newSlot({ tagSalt }, storeKey, passphrase, label, cost);
  writeKeyFile(path, { format: FORMAT, version: 2, tagSalt, slots: [slot] });
  return { storeKey, slotId: slot.id, label };
}

/**
 * Opens the slot of `userName` (or, without a name, tries each slot in turn) with the
 * passphrase. Every failure looks the same: an unknown name is not told apart from a wrong
 * passphrase.
 */
export async function unlockKeyFile(path: string, passphrase: string, userName?: string): Promise<UnlockedKey> {
  const file = readKeyFile(path);
  const candidates = userName === undefined ? file.slots : file.slots.filter((slot) => slot.nameTag === nameTagOf(file, userName));
  for (const slot of candidates) {
    const opened = await openSlot(slot, passphrase);
    if (!opened) continue;
    const storeKey = openStoreKey(slot, opened.privateKey);
    if (storeKey) return { storeKey, slotId: slot.id, label: opened.label };
  }
  throw new CasebookError('WRONG_PASSPHRASE', 'The passphrase is wrong.');
}

/** Rewraps the private key of the slot the current passphrase opens; the database is untouched. */
export async function rewrapKeySlot(
  path: string,
  current: string,
  next: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
  userName?: string,
): Promise<void> {
  const file = readKeyFile(path);
  const candidates = userName === undefined ? file.slots : file.slots.filter((slot) => slot.nameTag === nameTagOf(file, userName));
  for (const slot of candidates) {
    const opened = await openSlot(slot, current);
    if (!opened) continue;
    const storeKey = openStoreKey(slot, opened.privateKey);
    if (!storeKey) continue;
    try {
      const keyPair = { privateKey: opened.privateKey, publicKey: createPublicKey(opened.privateKey) };
      // The slot keeps its id and key pair, so the account that points at it still does.
      const replacement = await newSlot(file, storeKey, next, opened.label, cost, keyPair, slot.id);
      writeKeyFile(path, { ...file, slots: file.slots.map((candidate) => (candidate.id === slot.id ? replacement : candidate)) });
      return;
    } finally {
      storeKey.fill(0);
    }
  }
  throw new CasebookError('WRONG_PASSPHRASE', 'The passphrase is wrong.');
}

/** Adds a slot for a new account; needs the store key, so only an unlocked store can. */
export async function addKeySlot(
  path: string,
  storeKey: Buffer,
  passphrase: string,
  label: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const file = readKeyFile(path);
  if (file.slots.some((slot) => slot.nameTag === nameTagOf(file, label))) {
    throw new CasebookError('VALIDATION', `An account named ${label} already has a key slot.`, [{ path: 'name', message: 'name_taken' }]);
  }
  const slot = await newSlot(file, storeKey, passphrase, label, cost);
  writeKeyFile(path, { ...file, slots: [...file.slots, slot] });
  return slot.id;
}

export function removeKeySlot(path: string, slotId: string): void {
  const file = readKeyFile(path);
  const slots = file.slots.filter((slot) => slot.id !== slotId);
  if (slots.length === file.slots.length) throw new CasebookError('NOT_FOUND', `No key slot ${slotId}.`);
  if (slots.length === 0) throw new CasebookError('VALIDATION', 'The last key slot cannot be removed.');
  writeKeyFile(path, { ...file, slots });
}

/** For a rekey: the key file with a new store key sealed to every slot, no passphrase needed. */
export function resealStoreKey(path: string, newStoreKey: Buffer, targetPath: string = path): void {
  const file = readKeyFile(path);
  const slots = file.slots.map((slot) => ({ ...slot, storeKey: sealStoreKey(newStoreKey, Buffer.from(slot.publicKey, 'base64')) }));
  writeKeyFile(targetPath, { ...file, slots });
}

/** Where a rekey keeps the new key file until the database has been re-encrypted. */
export function pendingRekeyPathFor(keyPath: string): string {
  return `${keyPath}.rekey`;
}

export function keySlotIds(path: string): string[] {
  return readKeyFile(path).slots.map((slot) => slot.id);
}

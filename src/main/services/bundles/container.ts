// The bundle file: a passphrase-encrypted, authenticated container (node:crypto only).
//
//   offset  size  field
//        0     8  magic "CCBUNDLE"
//        8     1  format version (1)
//        9     1  key derivation: 1 = scrypt
//       10     1  scrypt log2(N)
//       11     1  scrypt r
//       12     1  scrypt p
//       13    16  salt
//       29    12  AES-GCM nonce (iv)
//       41    16  passphrase check: HMAC-SHA-256(check key, bytes 0…40), first 16 bytes
//       57     …  ciphertext: AES-256-GCM of gzip(JSON payload)
//     end−16   16  GCM authentication tag
//
// scrypt(passphrase NFC, salt, 64 bytes) gives the AES key (first 32) and the check key (last
// 32). The whole 57-byte header is the GCM additional authenticated data, so no header byte can
// change unnoticed. The check tells a wrong passphrase apart from a damaged file; it costs a
// guesser as much as trying the tag would (one scrypt per guess).
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CasebookError } from '@shared/errors';
import type { ScryptCost } from '../../store';

export const MAGIC = Buffer.from('CCBUNDLE', 'ascii');
export const FORMAT_VERSION = 1;
const KDF_SCRYPT = 1;
export const HEADER_LENGTH = 57;
const TAG_LENGTH = 16;
const CHECK_LABEL = Buffer.from('crisis-casebook/bundle/v1/passphrase-check', 'utf8');

/** Largest bundle read (compressed) and largest payload unpacked: bounds memory on import. */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;
export const MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024;
/** scrypt's memory (128·N·r bytes) allowed when opening: a crafted header cannot exhaust memory. */
const MAX_SCRYPT_MEMORY = 512 * 1024 * 1024;

export interface DerivedKeys {
  encryption: Buffer;
  check: Buffer;
}

export interface BundleHeader {
  cost: ScryptCost;
  salt: Buffer;
  iv: Buffer;
  check: Buffer;
  bytes: Buffer;
}

function invalid(message: string): CasebookError {
  return new CasebookError('BUNDLE_INVALID', message);
}

export function deriveKeys(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<DerivedKeys> {
  const maxmem = 128 * cost.N * cost.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 64, { N: cost.N, r: cost.r, p: cost.p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve({ encryption: key.subarray(0, 32), check: key.subarray(32, 64) });
    });
  });
}

function checkValue(checkKey: Buffer, headerStart: Buffer): Buffer {
  return createHmac('sha256', checkKey).update(CHECK_LABEL).update(headerStart).digest().subarray(0, 16);
}

function encodeHeaderStart(cost: ScryptCost, salt: Buffer, iv: Buffer): Buffer {
  const log2N = Math.log2(cost.N);
  if (!Number.isInteger(log2N) || log2N < 1 || log2N > 30 || cost.r > 255 || cost.p > 255) {
    throw new Error(`Unsupported scrypt cost ${JSON.stringify(cost)}`);
  }
  return Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, KDF_SCRYPT, log2N, cost.r, cost.p]), salt, iv]);
}

/** Seals a payload for the given keys (derived from the passphrase and this salt). */
export function seal(payload: unknown, keys: DerivedKeys, cost: ScryptCost, salt: Buffer): Buffer {
  const iv = randomBytes(12);
  const start = encodeHeaderStart(cost, salt, iv);
  const header = Buffer.concat([start, checkValue(keys.check, start)]);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  cipher.setAAD(header);
  const plain = gzipSync(Buffer.from(JSON.stringify(payload), 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, ciphertext, cipher.getAuthTag()]);
}

/** Reads and bounds-checks the header, before any key is derived. */
export function readHeader(bytes: Buffer): BundleHeader {
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw invalid('This file is not a Crisis Casebook bundle.');
  }
  if (bytes.length < HEADER_LENGTH + TAG_LENGTH + 1) throw invalid('The bundle is cut short (truncated). Nothing was imported.');
  const version = bytes[8];
  if (version !== FORMAT_VERSION) {
    throw invalid(`The bundle has format version ${version ?? '?'}; this app reads version ${FORMAT_VERSION}. Update the app.`);
  }
  const [kdf, log2N, r, p] = [bytes[9], bytes[10], bytes[11], bytes[12]] as number[] as [number, number, number, number];
  const cost = { N: 2 ** log2N, r, p };
  if (kdf !== KDF_SCRYPT || log2N < 10 || log2N > 22 || r < 1 || r > 32 || p < 1 || p > 16 || 128 * cost.N * r > MAX_SCRYPT_MEMORY) {
    throw invalid('The bundle header is damaged (unsupported key derivation parameters). Nothing was imported.');
  }
  return {
    cost,
    salt: bytes.subarray(13, 29),
    iv: bytes.subarray(29, 41),
    check: bytes.subarray(41, HEADER_LENGTH),
    bytes: bytes.subarray(0, HEADER_LENGTH),
  };
}

/** Verifies the passphrase, authenticates and decrypts; returns the parsed JSON payload. */
export function open(bytes: Buffer, header: BundleHeader, keys: DerivedKeys): unknown {
  const expected = checkValue(keys.check, bytes.subarray(0, 41));
  if (!timingSafeEqual(expected, header.check)) {
    throw new CasebookError('WRONG_PASSPHRASE', 'The passphrase does not open this bundle (or the bundle’s header is damaged). Nothing was imported.');
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryption, header.iv);
    decipher.setAAD(header.bytes);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_LENGTH));
    plain = Buffer.concat([decipher.update(bytes.subarray(HEADER_LENGTH, bytes.length - TAG_LENGTH)), decipher.final()]);
  } catch {
    throw invalid('The bundle was changed, damaged or cut short: it failed authentication. Nothing was imported.');
  }
  try {
    return JSON.parse(gunzipSync(plain, { maxOutputLength: MAX_PAYLOAD_BYTES }).toString('utf8')) as unknown;
  } catch {
    throw invalid('The bundle’s contents could not be read. Nothing was imported.');
  }
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

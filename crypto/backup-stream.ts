import { ByteReader } from './byte-reader';
import { KEY_BYTES } from './keys';
import { getSodium, utf8 } from './sodium';

/**
 * The encrypted object format of backups and deletion-log entries, built on libsodium's
 * crypto_secretstream_xchacha20poly1305 (a streaming AEAD: messages are authenticated in order, and a
 * final tag makes truncation detectable), so a backup of any size is encrypted chunk by chunk.
 *
 *   preamble:  "DZBK" | version (1) | key id length (1) | key id | object id length (1) | object id
 *   header:    24 bytes (secretstream header)
 *   messages:  u32 big-endian length | ciphertext (plaintext + 17 bytes), the last one tagged FINAL
 *
 * The preamble is the associated data of every message: the key id and the object id cannot be
 * swapped without the decryption failing.
 */

export interface BackupKey {
  /** Stored in every object, so a rotation can tell which key opens which backup. */
  id: string;
  key: Uint8Array;
}

export interface BackupKeyring {
  current: BackupKey;
  /** Older keys that still open existing backups during a rotation. */
  previous?: BackupKey[];
}

export type BackupDecryptionProblem = 'NOT_A_BACKUP' | 'UNKNOWN_KEY' | 'WRONG_OBJECT' | 'TAMPERED' | 'TRUNCATED';

export class BackupDecryptionError extends Error {
  override readonly name = 'BackupDecryptionError';
  constructor(readonly problem: BackupDecryptionProblem, message: string) {
    super(message);
  }
}

const MAGIC = Buffer.from('DZBK', 'ascii');
const VERSION = 1;
/** Plaintext per message: large enough that the 17-byte tag and the call cost vanish, small enough to stream. */
export const DEFAULT_MESSAGE_BYTES = 1024 * 1024;
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

function preamble(keyId: string, objectId: string): Buffer {
  if (!ID_PATTERN.test(keyId)) throw new TypeError(`backup key id ${JSON.stringify(keyId)} must match ${ID_PATTERN}`);
  if (!ID_PATTERN.test(objectId)) throw new TypeError('object id must match [A-Za-z0-9._-]{1,64}');
  const key = utf8.encode(keyId);
  const object = utf8.encode(objectId);
  return Buffer.concat([MAGIC, Buffer.from([VERSION, key.length]), key, Buffer.from([object.length]), object]);
}

/** Checks a keyring from configuration: 32-byte keys, distinct ids. */
export function backupKeysById(keyring: BackupKeyring): Map<string, Uint8Array> {
  const byId = new Map<string, Uint8Array>();
  for (const k of [keyring.current, ...(keyring.previous ?? [])]) {
    if (k.key.length !== KEY_BYTES) throw new TypeError(`backup key ${k.id} must be ${KEY_BYTES} bytes`);
    if (byId.has(k.id)) throw new TypeError(`backup key id ${k.id} is configured twice`);
    byId.set(k.id, k.key);
  }
  return byId;
}

function lengthPrefix(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** Encrypts `source` (any chunk sizes) under `key`; yields the object's bytes. */
export async function* encryptStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, key: BackupKey, objectId: string, messageBytes = DEFAULT_MESSAGE_BYTES,
): AsyncGenerator<Buffer> {
  const sodium = await getSodium();
  if (key.key.length !== KEY_BYTES) throw new TypeError(`backup key ${key.id} must be ${KEY_BYTES} bytes`);
  const ad = preamble(key.id, objectId);
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key.key);
  yield Buffer.concat([ad, Buffer.from(header)]);

  const push = (plain: Uint8Array, final: boolean) => {
    const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const cipher = sodium.crypto_secretstream_xchacha20poly1305_push(state, plain, ad, tag);
    return Buffer.concat([lengthPrefix(cipher.length), cipher]);
  };

  // One message is held back, so the last one can carry the FINAL tag (an empty final message if needed).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const take = Math.min(messageBytes - pendingBytes, chunk.byteLength - offset);
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset + offset, take));
      pendingBytes += take;
      offset += take;
      if (pendingBytes === messageBytes) {
        yield push(Buffer.concat(pending, pendingBytes), false);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  yield push(Buffer.concat(pending, pendingBytes), true);
}

/** Reads the preamble only: which key and which object an encrypted stream claims to be. */
async function readPreamble(reader: ByteReader): Promise<{ keyId: string; objectId: string; ad: Buffer }> {
  const fixed = await reader.read(6).catch(() => null);
  if (!fixed || !fixed.subarray(0, 4).equals(MAGIC)) throw new BackupDecryptionError('NOT_A_BACKUP', 'not a doorzet backup object (bad magic)');
  if (fixed[4] !== VERSION) throw new BackupDecryptionError('NOT_A_BACKUP', `unsupported backup format version ${fixed[4]}`);
  const keyId = await reader.read(fixed[5]!);
  const objectLength = await reader.read(1);
  const objectId = objectLength ? await reader.read(objectLength[0]!) : null;
  if (!keyId || !objectId) throw new BackupDecryptionError('TRUNCATED', 'backup object ends inside its preamble');
  return { keyId: keyId.toString('utf8'), objectId: objectId.toString('utf8'), ad: Buffer.concat([fixed, keyId, objectLength!, objectId]) };
}

/**
 * Decrypts an object made by encryptStream. Fails with a BackupDecryptionError when the key is not in the
 * keyring, the object is not the expected one, any byte was changed, or the stream ends before its final tag.
 */
export async function* decryptStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, keyring: BackupKeyring, expectedObjectId: string): AsyncGenerator<Uint8Array> {
  const sodium = await getSodium();
  const keys = backupKeysById(keyring);
  const reader = new ByteReader(source);
  const { keyId, objectId, ad } = await readPreamble(reader);
  if (objectId !== expectedObjectId) throw new BackupDecryptionError('WRONG_OBJECT', `object claims to be ${objectId}, expected ${expectedObjectId}`);
  const key = keys.get(keyId);
  if (!key) throw new BackupDecryptionError('UNKNOWN_KEY', `backup was encrypted with key '${keyId}', which is not configured (DOORZET_BACKUP_KEY_ID / DOORZET_PREVIOUS_BACKUP_KEYS)`);
  const header = await reader.read(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES).catch(() => null);
  if (!header) throw new BackupDecryptionError('TRUNCATED', 'backup object ends before its stream header');
  const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);

  for (;;) {
    const prefix = await reader.read(4).catch(() => null);
    if (!prefix) throw new BackupDecryptionError('TRUNCATED', 'backup object ends before its final message');
    const length = prefix.readUInt32BE(0);
    if (length < sodium.crypto_secretstream_xchacha20poly1305_ABYTES || length > MAX_MESSAGE_BYTES) {
      throw new BackupDecryptionError('TAMPERED', 'backup object has an invalid message length');
    }
    const cipher = await reader.read(length).catch(() => null);
    if (!cipher) throw new BackupDecryptionError('TRUNCATED', 'backup object ends inside a message');
    let opened: { message: Uint8Array; tag: number } | false;
    try {
      opened = sodium.crypto_secretstream_xchacha20poly1305_pull(state, cipher, ad);
    } catch {
      opened = false;
    }
    if (!opened) throw new BackupDecryptionError('TAMPERED', 'backup object failed authentication (wrong key, or changed bytes)');
    if (opened.message.length > 0) yield opened.message;
    if (opened.tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      if (!(await reader.atEnd())) throw new BackupDecryptionError('TAMPERED', 'bytes after the final message');
      return;
    }
  }
}

/** Small objects (deletion-log entries): the whole plaintext in, the whole object out. */
export async function encryptBytes(plain: Uint8Array, key: BackupKey, objectId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of encryptStream([plain], key, objectId)) parts.push(part);
  return Buffer.concat(parts);
}

export async function decryptBytes(sealed: AsyncIterable<Uint8Array> | Uint8Array, keyring: BackupKeyring, objectId: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of decryptStream(sealed instanceof Uint8Array ? [sealed] : sealed, keyring, objectId)) parts.push(part);
  return Buffer.concat(parts);
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BackupDecryptionError, decryptBytes, decryptStream, encryptBytes, encryptStream, type BackupKey } from './backup-stream';

const key: BackupKey = { id: 'bk1', key: new Uint8Array(32).fill(7) };
const otherKey: BackupKey = { id: 'bk2', key: new Uint8Array(32).fill(8) };

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of source) parts.push(p);
  return Buffer.concat(parts);
}

// Irregular chunk sizes, as gzip output or an S3 body delivers them.
function* chunked(bytes: Buffer, sizes: number[]): Generator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function problemOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackupDecryptionError);
  return (error as BackupDecryptionError).problem;
}

describe('backup stream encryption (secretstream)', () => {
  it('round-trips a stream across many messages, whatever the chunk sizes', async () => {
    const plain = randomBytes(300_000);
    const sealed = await collect(encryptStream(chunked(plain, [1, 70_000, 4096, 33]), key, 'backup-1', 64 * 1024));
    expect(sealed.includes(plain.subarray(1000, 1032))).toBe(false);
    expect(sealed.length).toBeGreaterThan(plain.length);
    const opened = await collect(decryptStream(chunked(sealed, [5, 100_000, 7]), { current: key }, 'backup-1'));
    expect(opened.equals(plain)).toBe(true);
  });

  it('round-trips an empty stream and a small object', async () => {
    expect((await decryptBytes(await encryptBytes(new Uint8Array(0), key, 'e'), { current: key }, 'e')).length).toBe(0);
    const sealed = await encryptBytes(Buffer.from('{"kind":"x"}'), key, 'entry-1');
    expect((await decryptBytes(sealed, { current: key }, 'entry-1')).toString()).toBe('{"kind":"x"}');
  });

  it('opens older backups with a previous key after a rotation, and names a missing key', async () => {
    const sealed = await encryptBytes(Buffer.from('old'), key, 'b');
    expect((await decryptBytes(sealed, { current: otherKey, previous: [key] }, 'b')).toString()).toBe('old');
    const problem = await problemOf(decryptBytes(sealed, { current: otherKey }, 'b'));
    expect(problem).toBe('UNKNOWN_KEY');
  });

  it('refuses a wrong key under the same id, a changed byte, a swapped object and a truncated stream', async () => {
    const plain = randomBytes(200_000);
    const sealed = await collect(encryptStream([plain], key, 'backup-2', 50_000));
    expect(await problemOf(decryptBytes(sealed, { current: { id: 'bk1', key: new Uint8Array(32).fill(1) } }, 'backup-2'))).toBe('TAMPERED');

    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 100]! ^= 1;
    expect(await problemOf(decryptBytes(flipped, { current: key }, 'backup-2'))).toBe('TAMPERED');

    expect(await problemOf(decryptBytes(sealed, { current: key }, 'backup-3'))).toBe('WRONG_OBJECT');

    // Cut at a message boundary: every message before it authenticates, but the final tag is missing.
    const firstMessageEnd = 4 + 1 + 1 + 3 + 1 + 8 + 24 + 4 + 50_000 + 17;
    expect(await problemOf(decryptBytes(sealed.subarray(0, firstMessageEnd), { current: key }, 'backup-2'))).toBe('TRUNCATED');
    expect(await problemOf(decryptBytes(Buffer.from('PK\u0003\u0004 not ours'), { current: key }, 'backup-2'))).toBe('NOT_A_BACKUP');
  });
});

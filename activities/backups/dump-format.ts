import { pipeline, Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { decryptStream, encryptStream, type BackupKey, type BackupKeyring } from '../../crypto/backup-stream';
import { ByteReader } from '../../crypto/byte-reader';
import type { DumpEvent } from '../../db/backup/dump-events';

/**
 * The bytes of a backup object: dump events framed as records (type byte, u32 length, payload), gzip,
 * then encrypted with the backup key (crypto/backup-stream). Everything streams: no stage holds more
 * than a message.
 */

const TYPE = { header: 0x48, table: 0x54, rows: 0x44, 'table-end': 0x45, end: 0x5a } as const;
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

function record(type: number, payload: Uint8Array): Buffer[] {
  const head = Buffer.alloc(5);
  head[0] = type;
  head.writeUInt32BE(payload.byteLength, 1);
  return [head, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)];
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

export async function* encodeEvents(events: AsyncIterable<DumpEvent>): AsyncGenerator<Buffer> {
  for await (const e of events) {
    if (e.type === 'header') yield* record(TYPE.header, json(e.header));
    else if (e.type === 'table') yield* record(TYPE.table, json({ name: e.name, columns: e.columns }));
    else if (e.type === 'rows') yield* record(TYPE.rows, e.data);
    else if (e.type === 'table-end') yield* record(TYPE['table-end'], json({ rows: e.rows, sha256: e.sha256 }));
    else yield* record(TYPE.end, json({ tables: e.tables }));
  }
}

export async function* decodeEvents(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<DumpEvent> {
  const reader = new ByteReader(bytes);
  for (;;) {
    const head = await reader.read(5);
    if (!head) return;
    const length = head.readUInt32BE(1);
    if (length > MAX_RECORD_BYTES) throw new RangeError('dump record too large');
    const payload = length === 0 ? Buffer.alloc(0) : await reader.read(length);
    if (!payload) throw new RangeError('dump ends inside a record');
    const parse = () => JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    switch (head[0]) {
      case TYPE.header: yield { type: 'header', header: parse() as never }; break;
      case TYPE.table: yield { type: 'table', ...(parse() as { name: string; columns: string[] }) }; break;
      case TYPE.rows: yield { type: 'rows', data: payload }; break;
      case TYPE['table-end']: yield { type: 'table-end', ...(parse() as { rows: number; sha256: string }) }; break;
      case TYPE.end: yield { type: 'end', ...(parse() as { tables: [] }) }; break;
      default: throw new RangeError(`unknown dump record type ${head[0]}`);
    }
  }
}

/** Stream errors surface where the last stage is read; the callback only has to exist. */
const ignore = () => undefined;

/** Dump events → the encrypted object's bytes. */
export function sealDump(events: AsyncIterable<DumpEvent>, key: BackupKey, objectId: string): AsyncIterable<Buffer> {
  const gzipped = pipeline(Readable.from(encodeEvents(events)), createGzip({ level: 6 }), ignore);
  return encryptStream(gzipped, key, objectId);
}

/** The encrypted object's bytes → dump events. Fails on a wrong key, any changed byte, or a truncated object. */
export function openDump(body: AsyncIterable<Uint8Array>, keyring: BackupKeyring, objectId: string): AsyncIterable<DumpEvent> {
  const gunzipped = pipeline(Readable.from(decryptStream(body, keyring, objectId)), createGunzip(), ignore);
  return decodeEvents(gunzipped);
}

import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePayloadsJson, encodePayloadsJson, InvalidPayloadsBodyError, payloadsFromJson, payloadsToJson } from './codec-http';
import { createPayloadCodec } from './payload-codec';

const codec = createPayloadCodec({ masterKey: new Uint8Array(randomBytes(32)) });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('codec server JSON helpers', () => {
  it('converts proto3 JSON to payloads and back', () => {
    const body = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('{"a":1}') }] };
    const payloads = payloadsFromJson(body);
    expect(defaultPayloadConverter.fromPayload(payloads[0]!)).toEqual({ a: 1 });
    expect(payloadsToJson(payloads)).toEqual(body);
  });

  it('round-trips through /encode and /decode', async () => {
    const body = payloadsToJson([defaultPayloadConverter.toPayload({ tenantId: 'abc', email: 'x@example.nl' })]);
    const encoded = await encodePayloadsJson(body, codec);
    expect(Buffer.from(encoded.payloads[0]!.metadata!.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encoded.payloads[0]!.metadata!['encryption-key-id']!, 'base64').toString()).toBe('tenant:abc:v1');
    expect(JSON.stringify(encoded)).not.toContain(b64('x@example.nl').slice(0, 8));
    expect(await decodePayloadsJson(encoded, codec)).toEqual(body);
  });

  it('accepts URL-safe and unpadded base64 and absent fields', () => {
    const [p] = payloadsFromJson({ payloads: [{ metadata: { k: '-_8' } }] });
    expect(p!.metadata!.k).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(p!.data).toEqual(new Uint8Array());
  });

  it('rejects malformed bodies', async () => {
    await expect(decodePayloadsJson({ payload: [] }, codec)).rejects.toBeInstanceOf(InvalidPayloadsBodyError);
    await expect(decodePayloadsJson({ payloads: [{ data: 'not base64!' }] }, codec)).rejects.toBeInstanceOf(InvalidPayloadsBodyError);
    await expect(decodePayloadsJson(null, codec)).rejects.toBeInstanceOf(InvalidPayloadsBodyError);
  });
});

import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPayloadCodec, keyIdFor, PayloadDecryptionError, PLATFORM_KEY_ID } from './payload-codec';

const masterKey = new Uint8Array(randomBytes(32));
const codec = createPayloadCodec({ masterKey });
const toPayload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload) => defaultPayloadConverter.fromPayload(payload);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const keyIdOf = (p: Payload | undefined) => text(p?.metadata?.['encryption-key-id']);

const tenantA = '0b6e3c2a-8d4f-4c1e-9a57-3f2d1b0c9e8a';
const tenantB = '5d1f0e9c-2b3a-4d8e-8f67-1a2b3c4d5e6f';

describe('payload codec', () => {
  it('round-trips values of every kind', async () => {
    const values = [{ tenantId: tenantA, email: 'jan@example.nl' }, [1, 2, 3], 'text', 42, null, new Uint8Array([1, 2, 3])];
    const encoded = await codec.encode(values.map(toPayload));
    expect(encoded.every((p) => text(p.metadata?.encoding) === 'binary/encrypted')).toBe(true);
    const decoded = await codec.decode(encoded);
    expect(decoded.map(fromPayload)).toEqual(values);
    // The inner metadata survives too.
    expect(text(decoded[0]?.metadata?.encoding)).toBe('json/plain');
  });

  it('does not leak plaintext into the encoded bytes', async () => {
    const [encoded] = await codec.encode([toPayload({ tenantId: tenantA, email: 'geheim.adres@example.nl' })]);
    const wire = Buffer.from(encoded!.data!).toString('latin1') + JSON.stringify(encoded!.metadata);
    expect(wire).not.toContain('geheim.adres');
    expect(wire).not.toContain('json/plain');
  });

  it('chooses the tenant key from the payload, the platform key otherwise', () => {
    expect(keyIdFor(toPayload({ tenantId: tenantA, x: 1 }))).toBe(`tenant:${tenantA}:v1`);
    expect(keyIdFor(toPayload([{ tenantId: tenantB }, 'more']))).toBe(`tenant:${tenantB}:v1`);
    expect(keyIdFor(toPayload({ other: 1 }))).toBe(PLATFORM_KEY_ID);
    expect(keyIdFor(toPayload({ nested: { tenantId: tenantA } }))).toBe(PLATFORM_KEY_ID);
    expect(keyIdFor(toPayload({ tenantId: 7 }))).toBe(PLATFORM_KEY_ID);
    expect(keyIdFor(toPayload({ tenantId: 'a:b' }))).toBe(PLATFORM_KEY_ID);
    expect(keyIdFor(toPayload('tenantId'))).toBe(PLATFORM_KEY_ID);
    expect(keyIdFor(toPayload(new TextEncoder().encode('{"tenantId":"x"}')))).toBe(PLATFORM_KEY_ID);
    expect(keyIdFor(toPayload(undefined))).toBe(PLATFORM_KEY_ID);
  });

  it('writes the key id into the outer metadata', async () => {
    const [a, p] = await codec.encode([toPayload({ tenantId: tenantA }), toPayload({ n: 1 })]);
    expect(keyIdOf(a)).toBe(`tenant:${tenantA}:v1`);
    expect(keyIdOf(p)).toBe('platform:v1');
  });

  it('encrypts different tenants under different keys', async () => {
    const [a] = await codec.encode([toPayload({ tenantId: tenantA, n: 1 })]);
    // Relabel tenant A's ciphertext as tenant B's: B's key must not open it.
    const relabelled: Payload = { ...a, metadata: { ...a!.metadata, 'encryption-key-id': new TextEncoder().encode(`tenant:${tenantB}:v1`) } };
    await expect(codec.decode([relabelled])).rejects.toBeInstanceOf(PayloadDecryptionError);
    const asPlatform: Payload = { ...a, metadata: { ...a!.metadata, 'encryption-key-id': new TextEncoder().encode('platform:v1') } };
    await expect(codec.decode([asPlatform])).rejects.toBeInstanceOf(PayloadDecryptionError);
  });

  it('needs the same master key to decode', async () => {
    const encoded = await codec.encode([toPayload({ n: 1 })]);
    const other = createPayloadCodec({ masterKey: new Uint8Array(randomBytes(32)) });
    await expect(other.decode(encoded)).rejects.toThrow(/failed to decrypt/);
    const sameKey = createPayloadCodec({ masterKey: masterKey.slice() });
    expect((await sameKey.decode(encoded)).map(fromPayload)).toEqual([{ n: 1 }]);
  });

  it('fails clearly on unknown or missing key ids and on tampering', async () => {
    const [p] = await codec.encode([toPayload({ n: 1 })]);
    const unknown: Payload = { ...p, metadata: { ...p!.metadata, 'encryption-key-id': new TextEncoder().encode('aws-kms:alias/x') } };
    await expect(codec.decode([unknown])).rejects.toThrow("Unknown encryption key id 'aws-kms:alias/x'");
    const missing: Payload = { ...p, metadata: { encoding: p!.metadata!.encoding! } };
    await expect(codec.decode([missing])).rejects.toThrow(/no encryption-key-id/);
    const data = p!.data!.slice();
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    await expect(codec.decode([{ ...p, data }])).rejects.toBeInstanceOf(PayloadDecryptionError);
  });

  it('passes payloads that are not encrypted through decode', async () => {
    const plain = toPayload({ tenantId: tenantA });
    const [decoded] = await codec.decode([plain]);
    expect(decoded).toBe(plain);
    const noMetadata: Payload = { data: new Uint8Array([1]) };
    expect(await codec.decode([noMetadata])).toEqual([noMetadata]);
  });

  it('rejects a master key of the wrong size', () => {
    expect(() => createPayloadCodec({ masterKey: new Uint8Array(16) })).toThrow(TypeError);
  });
});

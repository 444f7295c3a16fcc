import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { tenantOfWorkflowId } from '../domain/workflow-ids';
import proto from '@temporalio/proto';
import { aeadOpen, aeadSeal } from './aead';
import { KEY_BYTES } from './keys';
import { getSodium, utf8, type Sodium } from './sodium';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
export const PLATFORM_KEY_ID = 'platform:v1';

// Default import: @temporalio/proto is CommonJS without named exports that Node's ESM loader can see.
const { temporal } = proto;
const decoder = new TextDecoder();
const tenantIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const keyIdPattern = /^(?:platform:v1|tenant:[A-Za-z0-9_-]{1,64}:v1)$/;

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

export const tenantKeyId = (tenantId: string) => `tenant:${tenantId.toLowerCase()}:v1`;

/**
 * The tenant whose workflow or activity a payload belongs to. The SDK passes the serialization context
 * (the workflow id, also for an activity's arguments and result) to the codec; doorzet's workflow ids
 * name their tenant. So an activity result that does not mention the tenant is still sealed with its key.
 */
export function keyIdForContext(context: SerializationContext | undefined): string | null {
  const tenantId = tenantOfWorkflowId(context?.workflowId);
  return tenantId ? tenantKeyId(tenantId) : null;
}

/**
 * The key id for a payload: `tenant:<tenantId>:v1` when a json/plain value (or the first element of
 * a JSON array) is an object with a string `tenantId`, else `platform:v1`.
 */
export function keyIdFor(payload: Payload): string {
  const encoding = payload.metadata?.encoding;
  if (!encoding || !payload.data || decoder.decode(encoding) !== 'json/plain') return PLATFORM_KEY_ID;
  const text = decoder.decode(payload.data);
  // Cheap check first: most payloads without the property are never parsed.
  if (!text.includes('"tenantId"')) return PLATFORM_KEY_ID;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return PLATFORM_KEY_ID;
  }
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'object' && first !== null && 'tenantId' in first) {
    const tenantId = first.tenantId;
    if (typeof tenantId === 'string' && tenantIdPattern.test(tenantId)) return tenantKeyId(tenantId);
  }
  return PLATFORM_KEY_ID;
}

/**
 * For display (the Temporal UI's codec endpoint): every payload decoded where possible and passed through
 * unchanged where not (not encrypted, binary/null, a key id or key this codec does not have), so one
 * foreign payload never breaks the page.
 */
export async function decodeLeniently(codec: PayloadCodec, payloads: Payload[]): Promise<Payload[]> {
  return Promise.all(payloads.map(async (payload) => {
    try {
      return (await codec.decode([payload]))[0] ?? payload;
    } catch {
      return payload;
    }
  }));
}

/**
 * Temporal payload codec: encrypts each whole serialised Payload with XChaCha20-Poly1305
 * (24-byte random nonce prefix) under a key chosen per tenant.
 */
export function createPayloadCodec({ masterKey }: { masterKey: Uint8Array }): PayloadCodec {
  if (masterKey.length !== KEY_BYTES) throw new TypeError(`codec master key must be ${KEY_BYTES} bytes`);
  const key = masterKey.slice();
  const derived = new Map<string, Uint8Array>();

  // Keys are derived, not stored: the API's codec endpoint for the Temporal UI and every worker
  // can decode any payload with the one master key and no database lookup.
  function keyFor(sodium: Sodium, keyId: string): Uint8Array {
    let k = derived.get(keyId);
    if (!k) {
      k = sodium.crypto_generichash(KEY_BYTES, utf8.encode(keyId), key);
      derived.set(keyId, k);
    }
    return k;
  }

  return {
    async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
      const sodium = await getSodium();
      const contextKeyId = keyIdForContext(context);
      return payloads.map((payload) => {
        const keyId = contextKeyId ?? keyIdFor(payload);
        const inner = temporal.api.common.v1.Payload.encode(payload).finish();
        return {
          metadata: { encoding: utf8.encode(ENCODING_ENCRYPTED), [KEY_ID_METADATA]: utf8.encode(keyId) },
          data: aeadSeal(sodium, keyFor(sodium, keyId), inner, utf8.encode(keyId)),
        };
      });
    },

    async decode(payloads: Payload[]): Promise<Payload[]> {
      const sodium = await getSodium();
      return payloads.map((payload) => {
        const encoding = payload.metadata?.encoding;
        if (!encoding || decoder.decode(encoding) !== ENCODING_ENCRYPTED) return payload;
        const rawKeyId = payload.metadata?.[KEY_ID_METADATA];
        if (!rawKeyId) throw new PayloadDecryptionError(`Encrypted payload has no ${KEY_ID_METADATA} metadata`);
        const keyId = decoder.decode(rawKeyId);
        if (!keyIdPattern.test(keyId)) throw new PayloadDecryptionError(`Unknown encryption key id '${keyId}'`);
        const inner = aeadOpen(sodium, keyFor(sodium, keyId), payload.data ?? new Uint8Array(), utf8.encode(keyId));
        if (!inner) {
          throw new PayloadDecryptionError(`Payload failed to decrypt with key '${keyId}' (wrong codec master key or tampered data)`);
        }
        return temporal.api.common.v1.Payload.decode(inner);
      });
    },
  };
}

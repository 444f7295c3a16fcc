import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { fromBase64, toBase64 } from './sodium';

/** Body of the Temporal codec server's /encode and /decode: proto3 JSON, so bytes are base64. */
export interface PayloadsJson {
  payloads: { metadata?: Record<string, string>; data?: string }[];
}

const payloadsJsonSchema = z.object({
  payloads: z.array(z.object({
    metadata: z.record(z.string(), z.string()).nullish(),
    data: z.string().nullish(),
  })),
});

/** The request body is not a valid payloads document; the API answers 400. */
export class InvalidPayloadsBodyError extends Error {
  override readonly name = 'InvalidPayloadsBodyError';
}

export function payloadsFromJson(body: unknown): Payload[] {
  const parsed = payloadsJsonSchema.safeParse(body);
  if (!parsed.success) throw new InvalidPayloadsBodyError(`Invalid payloads body: ${parsed.error.message}`);
  try {
    return parsed.data.payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, fromBase64(v)])),
      data: fromBase64(p.data ?? ''),
    }));
  } catch {
    throw new InvalidPayloadsBodyError('Invalid payloads body: a metadata value or data is not base64');
  }
}

export function payloadsToJson(payloads: Payload[]): PayloadsJson {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, toBase64(v ?? new Uint8Array())])),
      data: toBase64(p.data ?? new Uint8Array()),
    })),
  };
}

export async function decodePayloadsJson(body: unknown, codec: PayloadCodec): Promise<PayloadsJson> {
  return payloadsToJson(await codec.decode(payloadsFromJson(body)));
}

export async function encodePayloadsJson(body: unknown, codec: PayloadCodec): Promise<PayloadsJson> {
  return payloadsToJson(await codec.encode(payloadsFromJson(body)));
}

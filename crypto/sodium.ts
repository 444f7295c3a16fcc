import sodium from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodium;

let ready: Promise<Sodium> | undefined;

/** libsodium after its WebAssembly module has loaded; the first call starts the load, later calls share it. */
export function getSodium(): Promise<Sodium> {
  ready ??= sodium.ready.then(() => sodium);
  return ready;
}

// Base64 goes through Buffer so these helpers stay synchronous (libsodium's own need `ready`).
const base64Pattern = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Strict decode of standard or URL-safe base64, padded or not (Buffer alone silently skips bad characters). */
export function fromBase64(text: string): Uint8Array {
  if (!base64Pattern.test(text) || text.length % 4 === 1) {
    throw new TypeError('Invalid base64 input');
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export const utf8 = {
  encode: (text: string): Uint8Array => new TextEncoder().encode(text),
  decode: (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes),
};

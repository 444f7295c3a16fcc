/** Reads exact byte counts from a stream of chunks of any size (S3 bodies, gunzip output). */
export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private buffered: Buffer[] = [];
  private length = 0;
  private done = false;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source)[Symbol.asyncIterator]();
  }

  private async fill(bytes: number): Promise<void> {
    while (this.length < bytes && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
      } else if (next.value.byteLength > 0) {
        const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        this.buffered.push(chunk);
        this.length += chunk.length;
      }
    }
  }

  /** Exactly `bytes` bytes; null at a clean end of input; throws when the input ends part-way. */
  async read(bytes: number): Promise<Buffer | null> {
    await this.fill(bytes);
    if (this.length === 0 && this.done) return null;
    if (this.length < bytes) throw new RangeError(`input ended ${bytes - this.length} byte(s) short`);
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered, this.length);
    const out = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return out;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    await this.fill(1);
    return this.length === 0;
  }
}

async function* toAsync(source: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* source;
}

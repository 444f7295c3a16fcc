import { DefaultFailureConverter, defaultPayloadConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDataConverter, createLoadedDataConverter } from './data-converter';

const key = new Uint8Array(32).fill(1);

describe('data converter', () => {
  it('points failureConverterPath at a module the SDK can load', () => {
    const dc = createDataConverter(key);
    expect(existsSync(dc.failureConverterPath!)).toBe(true);
    // The same require() the Worker and Client do; fails if failure-converter.ts gains TS-only syntax.
    const loaded = loadDataConverter(dc);
    expect(loaded.failureConverter).toBeInstanceOf(DefaultFailureConverter);
    expect((loaded.failureConverter as DefaultFailureConverter).options.encodeCommonAttributes).toBe(true);
    expect(loaded.payloadCodecs).toHaveLength(1);
  });

  it('encodes failure messages through the codec', async () => {
    const dc = createLoadedDataConverter(key);
    const failure = dc.failureConverter.errorToFailure(new Error('debtor jan@example.nl unknown'), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.encodedAttributes).toBeTruthy();
    const [encoded] = await dc.payloadCodecs[0]!.encode([failure.encodedAttributes!]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('jan@example.nl');
  });
});

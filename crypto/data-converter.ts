import { defaultPayloadConverter, type DataConverter, type LoadedDataConverter } from '@temporalio/common';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureConverter } from './failure-converter';
import { createPayloadCodec } from './payload-codec';

/**
 * Absolute path of failure-converter with this module's own extension: `.ts` when run from source
 * (tsx, vitest), `.js` if the code is ever compiled.
 */
export function failureConverterPath(): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./failure-converter${extname(here)}`, import.meta.url));
}

/**
 * For Worker.create and bundleWorkflowCode. The worker `require()`s failureConverterPath in the main
 * thread (needs tsx's require hook for a .ts path) and webpack-bundles it into the workflow code.
 */
export function createDataConverter(codecMasterKey: Uint8Array): DataConverter {
  return {
    payloadCodecs: [createPayloadCodec({ masterKey: codecMasterKey })],
    failureConverterPath: failureConverterPath(),
  };
}

/**
 * For `new Client({ dataConverter })`: Client accepts an already loaded converter, which skips the
 * `require()` of a path, so it also works where .ts files cannot be required (vitest on Node 20).
 */
export function createLoadedDataConverter(codecMasterKey: Uint8Array): LoadedDataConverter {
  return {
    payloadConverter: defaultPayloadConverter,
    failureConverter,
    payloadCodecs: [createPayloadCodec({ masterKey: codecMasterKey })],
  };
}

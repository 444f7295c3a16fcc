import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go through the payload codec too, so debtor data in an error
 * text is encrypted in Temporal's history. Loaded by path (DataConverter.failureConverterPath):
 * webpack bundles it into the workflow sandbox, and loadDataConverter `require()`s it in the
 * worker and client. Keep it plain JavaScript (no type annotations): outside tsx, e.g. under
 * vitest, Node 20 requires this .ts file as ordinary ESM JavaScript.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

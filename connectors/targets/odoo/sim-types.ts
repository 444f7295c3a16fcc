import type { SimEnv } from '../../sim/serve';

/** Per-request notes the protocol handlers leave for the fault switch and the counters. */
export type SimAppEnv = SimEnv & { Variables: { write?: boolean; call?: string; authFailure?: boolean } };

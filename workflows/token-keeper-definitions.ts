import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TokenHandout, TokenState } from '../domain/oauth-tokens';

/** Messages of the token keeper (`token-keeper:<tenantId>`); the API, activities and the keeper share them. */

/** "I hold version `seenVersion` and need a newer one" (or: the current one, if newer exists). Returns no token. */
export const freshTokenUpdate = defineUpdate<TokenHandout, [{ seenVersion: number }]>('freshToken');

/** A new grant was stored (the merchant connected again): read it, and forget a dead one. */
export const tokensReplacedSignal = defineSignal<[]>('tokensReplaced');

export interface TokenKeeperStatus {
  tenantId: string;
  state: TokenState | null;
  /** When the keeper next wakes by itself (ISO), if it does. */
  nextWakeAt: string | null;
  consecutiveFailures: number;
  /** refreshIssuedAt of the refresh token the merchant was warned about (ms), if any. */
  warnedFor: number | null;
}

export const tokenKeeperStatusQuery = defineQuery<TokenKeeperStatus>('tokenKeeperStatus');

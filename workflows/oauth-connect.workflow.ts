import { ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createOAuthActivities, OAuthConnectInput } from '../activities/oauth-activities';
import type { Administration } from '../connectors/ports';
import { localDatabaseOptions } from './activity-options';

type OAuthActivities = ReturnType<typeof createOAuthActivities>;

// One attempt each: an authorization code works once, and the merchant is waiting for the answer.
const vendor = proxyActivities<OAuthActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });
const database = proxyLocalActivities<OAuthActivities>(localDatabaseOptions);

export type OAuthConnectResult =
  | { ok: true; administrations: Administration[]; chosen: string | null }
  | { ok: false; code: string; message: string };

/**
 * The OAuth callback's work (`oauth-connect:<tenantId>:<nonce>`): exchange the code and store the tokens
 * sealed, then list the administrations the grant can book into; a single one is chosen right away.
 */
export async function oauthConnectWorkflow(input: OAuthConnectInput): Promise<OAuthConnectResult> {
  const exchanged = await vendor.exchangeAuthorizationCode(input);
  if (!exchanged.ok) return exchanged;
  const listed = await administrationsOrFailure(input.tenantId);
  if (!listed.ok) return { ok: true, administrations: [], chosen: null };
  let chosen = listed.administrations.some((a) => a.id === listed.chosen) ? listed.chosen : null;
  const only = listed.administrations.length === 1 ? listed.administrations[0] : undefined;
  if (chosen === null && only) {
    await database.chooseAdministration({ tenantId: input.tenantId, administration: { id: only.id, name: only.name } });
    chosen = only.id;
  }
  return { ok: true, administrations: listed.administrations, chosen };
}

/** `administrations:<tenantId>:<nonce>`: what the dashboard offers to choose from. */
export async function administrationsWorkflow(input: { tenantId: string }): Promise<OAuthConnectResult> {
  return administrationsOrFailure(input.tenantId);
}

async function administrationsOrFailure(tenantId: string): Promise<OAuthConnectResult> {
  try {
    return await vendor.listAdministrations({ tenantId });
  } catch (error) {
    // A pause-worthy failure (no tokens) arrives as an activity failure: report it, do not fail the workflow.
    const cause = error instanceof Error && error.cause instanceof ApplicationFailure ? error.cause : null;
    return { ok: false, code: cause?.type ?? 'UNEXPECTED', message: cause?.message ?? 'The administrations could not be listed.' };
  }
}

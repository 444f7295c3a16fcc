/**
 * Why a tenant's sync pauses for its connection, as a code carried by the failure (never a secret) and
 * the sentence the merchant reads. The tenant sync and the token keeper both pause with these.
 */
export const CREDENTIAL_PAUSE_REASONS = {
  'credentials-rejected': 'The accounting system refused the credentials.',
  'source-credentials-rejected': 'The webshop refused the credentials.',
  'refresh-token-expired': 'The connection to the accounting system lapsed after a long time without use. Reconnect it in the dashboard; the sync resumes by itself.',
  'refresh-token-reused': 'The accounting system refused the connection because its sign-in was used twice. Reconnect it in the dashboard; the sync resumes by itself.',
  'grant-revoked': 'The accounting system no longer accepts the connection of doorzet (access revoked or withdrawn). Reconnect it in the dashboard; the sync resumes by itself.',
  'not-connected': 'The accounting system is not connected yet. Connect it in the dashboard; the sync starts by itself.',
  'administration-missing': 'Choose the administration doorzet books into (connections in the dashboard); the sync resumes by itself.',
} as const;

export type CredentialPauseReason = keyof typeof CREDENTIAL_PAUSE_REASONS;

export function isCredentialPauseReason(value: unknown): value is CredentialPauseReason {
  return typeof value === 'string' && Object.hasOwn(CREDENTIAL_PAUSE_REASONS, value);
}

/** The sentence for a reason code; unknown codes read as rejected credentials. */
export function credentialPauseMessage(reason: unknown): string {
  return isCredentialPauseReason(reason) ? CREDENTIAL_PAUSE_REASONS[reason] : CREDENTIAL_PAUSE_REASONS['credentials-rejected'];
}

/** A dead OAuth grant's reason from the vendor's refusal (issue codes of the token endpoint). */
export function deadGrantReason(issueCode: string | undefined): CredentialPauseReason {
  if (issueCode === 'refresh_token_expired') return 'refresh-token-expired';
  if (issueCode === 'refresh_token_reused') return 'refresh-token-reused';
  return 'grant-revoked';
}

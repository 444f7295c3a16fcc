import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors';
import { exactOnlineModule } from './module';
import { startExactSimulator, type ExactSimulator, type ExactSimulatorOptions } from './simulator';

const REDIRECT = 'https://doorzet.example/oauth/callback';

let sim: ExactSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function setup(options: ExactSimulatorOptions = {}, secret?: string) {
  sim = await startExactSimulator({ seed: 9, redirectUris: [REDIRECT], ...options });
  const client = exactOnlineModule.createOAuthClient!({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: secret ?? sim.clientSecret, redirectUri: REDIRECT, timeoutMs: 1_000 });
  return { sim, client };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('Exact Online token endpoint client', () => {
  it('exchanges a code and refreshes, reading expires_in from a string', async () => {
    let now = 1_700_000_000_000;
    const { sim, client } = await setup({ now: () => now });
    const first = await client.exchangeCode(sim.authorizationCode(REDIRECT));
    expect(first.expiresInMs).toBe(600_000);
    now += 570_000;
    const second = await client.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(sim.oauth.counters).toMatchObject({ codeExchanges: 1, refreshes: 1 });
  });

  it('classifies what Exact refuses: reused and lapsed refresh tokens are dead grants, too early waits, a bad secret is ours', async () => {
    let now = 1_700_000_000_000;
    const { sim, client } = await setup({ now: () => now });
    const first = await client.exchangeCode(sim.authorizationCode(REDIRECT));
    const early = await failure(client.refresh(first.refreshToken));
    expect(early).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { issues: [{ code: 'too_early_to_refresh' }] } });
    now += 571_000;
    await client.refresh(first.refreshToken);
    now += 571_000;
    const reused = await failure(client.refresh(first.refreshToken));
    expect(reused).toMatchObject({ code: 'AUTH_REVOKED', retryable: false, details: { status: 401, issues: [{ code: 'refresh_token_reused' }] } });
    const other = await client.exchangeCode(sim.authorizationCode(REDIRECT));
    now += 31 * 86_400_000;
    expect((await failure(client.refresh(other.refreshToken))).details.issues?.[0]?.code).toBe('refresh_token_expired');
    expect((await failure(client.exchangeCode('eyJnot-a-code'))).code).toBe('AUTH_REVOKED');
    for (const e of [early, reused]) expect(e.message).not.toContain(first.refreshToken);
  });

  it('a refused client secret is a configuration error, not a dead grant', async () => {
    const { sim, client } = await setup({}, 'wrong-secret');
    const e = await failure(client.exchangeCode(sim.authorizationCode(REDIRECT)));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { issues: [{ code: 'invalid_client' }] } });
  });

  it('a lost answer is NETWORK ambiguous (the refresh may have rotated), an outage is SERVER_ERROR', async () => {
    let now = 1_700_000_000_000;
    const { sim, client } = await setup({ now: () => now });
    const first = await client.exchangeCode(sim.authorizationCode(REDIRECT));
    now += 571_000;
    sim.faults.set({ cutTokenResponses: 1 });
    expect(await failure(client.refresh(first.refreshToken))).toMatchObject({ code: 'NETWORK', details: { ambiguous: true } });
    expect(sim.counters.tokenResponsesCut).toBe(1);
    sim.faults.set({ tokenEndpointDown: true });
    expect(await failure(client.refresh(first.refreshToken))).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
  });
});

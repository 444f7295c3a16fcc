import { describeError, type ErrorCause } from './error-catalogue';

/**
 * What doorzet alerts a tenant about, and the text of each alert. Alerts carry no debtor data: only
 * the kind, a cause, counts, dates and a link to the dashboard. One alert per dedup key.
 */
export type AlertRequest =
  | { kind: 'sync-paused'; tenantId: string; reason: string; since: string }
  | { kind: 'error-cause'; tenantId: string; cause: ErrorCause; code: string; day: string }
  | { kind: 'token-expiring'; tenantId: string; connectionId: string; vendor: string; expiresAt: string }
  /** An OAuth grant the vendor no longer accepts (`reason`: the sentence of domain/credential-pause.ts); one per grant. */
  | { kind: 'connection-dead'; tenantId: string; connectionId: string; vendor: string; grantVersion: number; reason: string }
  | { kind: 'completeness-gap'; tenantId: string; day: string; missing: number }
  | { kind: 'data-breach'; tenantId: string; breachId: string; description: string; foundAt: string };

export type AlertKind = AlertRequest['kind'];

/** One alert per pause, per cause per day, per token expiry date, per checked day, per breach. */
export function alertDedupKey(a: AlertRequest): string {
  switch (a.kind) {
    case 'sync-paused': return `sync-paused:${a.since}`;
    case 'error-cause': return `error-cause:${a.cause}:${a.day}`;
    case 'token-expiring': return `token-expiring:${a.connectionId}:${a.expiresAt.slice(0, 10)}`;
    case 'connection-dead': return `connection-dead:${a.connectionId}:${a.grantVersion}`;
    case 'completeness-gap': return `completeness-gap:${a.day}`;
    case 'data-breach': return `data-breach:${a.breachId}`;
  }
}

/** Subject and body (plain text) of an alert; `dashboardUrl` is the tenant's page to act on. */
export function alertText(a: AlertRequest, tenantName: string, dashboardUrl: string): { subject: string; body: string } {
  const link = (page: string) => `${dashboardUrl.replace(/\/+$/, '')}/dashboard/${a.tenantId}/${page}`;
  switch (a.kind) {
    case 'sync-paused':
      return { subject: `doorzet: the sync of ${tenantName} is paused`, body: `The sync of ${tenantName} paused at ${a.since}: ${a.reason}\nNothing is booked until it resumes. ${link('overview')}` };
    case 'error-cause': {
      const d = describeError(a.code);
      return { subject: `doorzet: sales of ${tenantName} could not be booked (${a.cause})`, body: `${d.explanation}\nWhat to do: ${d.fix}\nThe sales concerned: ${link('errors')}` };
    }
    case 'token-expiring':
      return { subject: `doorzet: the ${a.vendor} connection of ${tenantName} expires soon`, body: `The ${a.vendor} connection expires at ${a.expiresAt}. Reconnect it before then: ${link('connections')}` };
    case 'connection-dead':
      return { subject: `doorzet: the ${a.vendor} connection of ${tenantName} stopped working`, body: `${a.reason}\nNothing is booked into ${a.vendor} until it is reconnected: ${link('connections')}` };
    case 'completeness-gap':
      return { subject: `doorzet: ${a.missing} sale(s) of ${tenantName} on ${a.day} are not booked`, body: `The daily check found ${a.missing} sale(s) of ${a.day} in the shop that are not in the accounting system. ${link('errors')}` };
    case 'data-breach':
      return { subject: `doorzet: notice of a data breach concerning ${tenantName}`, body: `doorzet found a data breach on ${a.foundAt} that concerns your account.\n${a.description}\nDetails and the register: ${link('privacy')}` };
  }
}

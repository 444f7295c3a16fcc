import { isLoopbackHost } from './base-url';
import { SOURCE_MODULES, TARGET_MODULES } from './registry';
import type { SourceDescriptor, TargetDescriptor } from './vendor';

/**
 * The vendors as the API may see them: descriptors only (schemas, webhook verification, limits).
 * The API imports this file and nothing else of connectors/ (ESLint fence), so it can never call a
 * vendor: external I/O runs inside workflows.
 */

const sourceView = ({ createSource: _omit, ...descriptor }: (typeof SOURCE_MODULES)[number]): SourceDescriptor => descriptor;
const targetView = ({ createTarget: _omit, ...descriptor }: (typeof TARGET_MODULES)[number]): TargetDescriptor => descriptor;

export const SOURCE_VENDORS: readonly SourceDescriptor[] = SOURCE_MODULES.map(sourceView);
export const TARGET_VENDORS: readonly TargetDescriptor[] = TARGET_MODULES.map(targetView);

export type ConnectionRole = 'source' | 'target';

export function vendorDescriptor(role: 'source', vendor: string): SourceDescriptor | undefined;
export function vendorDescriptor(role: 'target', vendor: string): TargetDescriptor | undefined;
export function vendorDescriptor(role: ConnectionRole, vendor: string): SourceDescriptor | TargetDescriptor | undefined;
export function vendorDescriptor(role: ConnectionRole, vendor: string): SourceDescriptor | TargetDescriptor | undefined {
  return (role === 'source' ? SOURCE_VENDORS : TARGET_VENDORS).find((d) => d.vendor === vendor);
}

export function vendorsFor(role: ConnectionRole): readonly string[] {
  return (role === 'source' ? SOURCE_VENDORS : TARGET_VENDORS).map((d) => d.vendor);
}

/** The connectors' transport rule for a form: https://, plain http:// only to loopback; no credentials, query or fragment. */
export function checkBaseUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'baseUrl is not a valid absolute URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'baseUrl must not contain credentials' };
  if (url.search !== '' || url.hash !== '') return { ok: false, message: 'baseUrl must not contain a query or fragment' };
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: true, url: raw.replace(/\/+$/, '') };
  }
  return { ok: false, message: 'baseUrl must use https:// (plain http:// is allowed only to loopback)' };
}

export type { SourceDescriptor, TargetDescriptor, WebhookEvent, WebhookSpec } from './vendor';

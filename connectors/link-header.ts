/** RFC 8288 `Link` header helpers for the paginated list endpoints. */

export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (!match) continue;
    const rel = /rel="?([^";]+)"?/.exec(match[2] ?? '')?.[1];
    if (rel && match[1] !== undefined) for (const name of rel.split(/\s+/)) links.set(name, match[1]);
  }
  return links;
}

/** Builds prev/next (and first/last) links by replacing `page` in the request URL. */
export function buildLinkHeader(requestUrl: string, page: number, totalPages: number, rels: readonly string[]): string {
  const at = (p: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(p));
    return url.toString();
  };
  const parts: string[] = [];
  if (rels.includes('first')) parts.push(`<${at(1)}>; rel="first"`);
  if (rels.includes('prev') && page > 1 && page - 1 <= Math.max(totalPages, 1)) parts.push(`<${at(page - 1)}>; rel="prev"`);
  if (rels.includes('next') && page < totalPages) parts.push(`<${at(page + 1)}>; rel="next"`);
  if (rels.includes('last') && totalPages > 0) parts.push(`<${at(totalPages)}>; rel="last"`);
  return parts.join(', ');
}

import type { TenantRow } from '../../db/queries/tenants';
import type { Messages } from './messages';

export const TENANTS_PER_PAGE = 25;

export function TenantsBody(props: { t: Messages; rows: TenantRow[]; total: number; offset: number; search: string }) {
  const { t, rows, total, offset } = props;
  const link = (o: number) => `/dashboard/tenants?offset=${o}${props.search ? `&search=${encodeURIComponent(props.search)}` : ''}`;
  return (
    <section class="card">
      <form method="get" action="/dashboard/tenants" role="search">
        <label for="tenant-search">{t.tenants.search}</label>
        <div class="actions" style="margin-top:0">
          <input id="tenant-search" name="search" type="search" value={props.search} maxlength={100} />
          <button type="submit">{t.tenants.searchButton}</button>
        </div>
      </form>
      {rows.length === 0 ? <p>{t.tenants.none}</p> : (
        <>
          <p class="muted">{t.tenants.showing(offset + 1, offset + rows.length, total)}</p>
          <table data-testid="tenants">
            <thead><tr><th scope="col">{t.tenants.name}</th><th scope="col">ID</th></tr></thead>
            <tbody>{rows.map((r) => <tr><td><a href={`/dashboard/${r.id}/overview`}>{r.name}</a></td><td><code>{r.id}</code></td></tr>)}</tbody>
          </table>
          <nav aria-label={t.tenants.title} class="actions">
            {offset > 0 ? <a href={link(Math.max(0, offset - TENANTS_PER_PAGE))}>{t.tenants.previous}</a> : null}
            {offset + rows.length < total ? <a href={link(offset + TENANTS_PER_PAGE)}>{t.tenants.next}</a> : null}
          </nav>
        </>
      )}
    </section>
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listAccess } from '../db/queries/access-register';
import { setContract } from '../db/queries/tenants';
import { createHarness, type Harness, type TestUser } from './api/harness';
import { plantSaleError } from './api/fixtures';
import { launchChromium, logInThroughPage, screenshot, serveOnPort } from './support/browser';

// The dashboard in real headless Chromium against the real API (Postgres, Temporal dev server).
describe('dashboard pages in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let server: { port: number; stop(): Promise<void> };
  let base: string;
  let tenantId: string;
  let merchant: TestUser;
  let ops: TestUser;

  beforeAll(async () => {
    h = await createHarness({ deps: { loginThrottle: { account: { maxFailures: 3 } } } });
    server = await serveOnPort(h.app.fetch);
    base = `http://localhost:${server.port}`;
    tenantId = await h.createTenant('Bakkerij Jansen');
    await setContract(h.db, tenantId, { startsOn: '2025-01-01', endsOn: '2027-12-31' });
    merchant = await h.createUser('tenant', tenantId);
    ops = await h.createUser('ops');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await h?.close();
  });

  const englishContext = () => browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 800 } });

  it('shows the password policy, refuses a wrong password, then throttles with a clear message', async () => {
    const context = await englishContext();
    const page = await context.newPage();
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('#password-policy li').allTextContents()).toEqual([
      'at least 10 characters', 'an upper-case letter', 'a lower-case letter', 'a digit (0-9)', 'one of ! ? @ $ ^ & * - %',
    ]);
    await screenshot(page, 'login');

    const throttled = { ...merchant, email: `other-${merchant.email}` };
    await h.createUser('tenant', tenantId).then(async (u) => Object.assign(throttled, { email: u.email, accountKey: u.accountKey }));
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('E-mail address').fill(throttled.email);
      await page.getByLabel('Account key').fill(throttled.accountKey);
      await page.getByLabel('Password', { exact: true }).fill('Wrong-Password-1');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('is not right');
    }
    await page.getByLabel('Account key').fill(throttled.accountKey);
    await page.getByLabel('Password', { exact: true }).fill(throttled.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForLoadState();
    // Even the right password is refused while the account is locked, and the page says why and for how long.
    expect(await page.getByRole('alert').textContent()).toMatch(/Too many failed attempts\..*about 15 minutes/);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('lets a merchant log in, see the overview in English and Dutch, and log out', async () => {
    const context = await englishContext();
    const page = await context.newPage();
    await logInThroughPage(page, base, merchant);
    expect(new URL(page.url()).pathname).toBe(`/dashboard/${tenantId}/overview`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    expect(await page.getByTestId('sync-state').textContent()).toBe('Not running');
    expect(await page.getByRole('img', { name: /Bookings per day/ }).count()).toBe(1);

    await page.getByRole('link', { name: 'Nederlands' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overzicht');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');

    // Another tenant's pages do not exist for this merchant.
    const other = await h.createTenant('Slagerij Pietersen');
    const res = await page.goto(`${base}/dashboard/${other}/overview`);
    expect(res?.status()).toBe(404);

    await page.goto(`${base}/dashboard/${tenantId}/overview`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login\?out=1/);
    expect(await page.getByRole('status').textContent()).toBe('You are logged out.');
    await page.goto(`${base}/dashboard/${tenantId}/overview`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('picks Dutch from Accept-Language', async () => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Inloggen');
    expect(await page.locator('#password-policy li').first().textContent()).toBe('minstens 10 tekens');
    await context.close();
  });

  it('is usable with the keyboard: skip link first, labelled fields, a visible focus ring', async () => {
    const context = await englishContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.keyboard.press('Tab');
    // Browser-side expressions as strings: the project's TypeScript has no DOM library.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    // Tab on through the form: every field is reached and has a label.
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate<string>("(document.activeElement?.labels?.[0] ?? document.activeElement)?.textContent ?? ''"));
    }
    expect(reached).toEqual(expect.arrayContaining(['E-mail address', 'Account key', 'Password', 'Log in']));
    // Log in with the keyboard alone.
    await page.getByLabel('E-mail address').fill(merchant.email);
    await page.getByLabel('Account key').fill(merchant.accountKey);
    await page.getByLabel('Password', { exact: true }).fill(merchant.password);
    await Promise.all([page.waitForURL(/overview/), page.keyboard.press('Enter')]);
    await context.close();
  });

  it('groups errors by cause with the explanation and fix, retries a cause, and shows a sale journey', async () => {
    await plantSaleError(h.db, { tenantId, externalId: '5001', orderNumber: 'WC-5001', email: 'klant@example.test' });
    await plantSaleError(h.db, { tenantId, externalId: '5002', orderNumber: 'WC-5002', code: 'UNKNOWN_VAT_RATE' });
    const context = await englishContext();
    const page = await context.newPage();
    await logInThroughPage(page, base, merchant);
    await page.getByRole('link', { name: 'Errors' }).click();
    const orderData = page.getByTestId('cause-order-data');
    expect(await orderData.getByRole('heading').textContent()).toBe('Order data · 1 sale');
    expect(await orderData.textContent()).toContain("The customer's e-mail address is missing or invalid");
    expect(await orderData.textContent()).toContain("Correct the customer's e-mail address on the order in your webshop.");
    // The merchant sees the debtor's value in its own error message.
    expect(await orderData.textContent()).toContain('klant@example.test');
    expect(await page.getByTestId('cause-vat-mapping').textContent()).toContain('carries a VAT rate that fits none of the VAT regimes of the order');
    await screenshot(page, 'errors');

    await orderData.getByRole('button', { name: 'Retry all of this cause' }).click();
    await page.waitForURL(/started=/);
    expect(await page.getByRole('status').textContent()).toBe('1 sale started again.');

    await page.getByRole('link', { name: 'Sales' }).click();
    await page.getByLabel('Order number').fill('WC-5002');
    await page.getByRole('button', { name: 'Find' }).click();
    expect(await page.getByRole('heading', { name: 'Order WC-5002' }).count()).toBe(1);
    expect(await page.getByTestId('timeline').textContent()).toContain('Error recorded: UNKNOWN_VAT_RATE');
    expect(await page.getByTestId('temporal-link').count()).toBe(0); // merchants get no Temporal link
    await page.getByLabel('Order number').fill('NOPE-1');
    await page.getByRole('button', { name: 'Find' }).click();
    expect(await page.getByRole('status').textContent()).toBe('doorzet knows no order with number NOPE-1.');
    await context.close();
  });

  it('lets ops pick a tenant; each page view lands in that tenant’s access register, which the merchant reads', async () => {
    const context = await englishContext();
    const page = await context.newPage();
    await logInThroughPage(page, base, ops);
    expect(new URL(page.url()).pathname).toBe('/dashboard/tenants');
    await page.getByLabel('Search by name').fill('Bakkerij');
    await page.getByRole('button', { name: 'Search' }).click();
    await screenshot(page, 'ops-tenants');
    await page.getByRole('link', { name: 'Bakkerij Jansen' }).click();
    expect(new URL(page.url()).pathname).toBe(`/dashboard/${tenantId}/overview`);
    expect(await page.getByText('Viewing tenant').textContent()).toContain('Bakkerij Jansen');
    await page.getByRole('link', { name: 'Errors' }).click();
    // Ops see that there was a debtor value, not what it was.
    expect(await page.getByTestId('cause-order-data').textContent()).not.toContain('klant@example.test');
    await context.close();

    const entries = await listAccess(h.db, tenantId);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['GET /dashboard/:tenantId/overview', 'GET /dashboard/:tenantId/errors']));
    expect(entries.every((e) => e.actor === `ops:${ops.id}`)).toBe(true);

    const merchantContext = await englishContext();
    const merchantPage = await merchantContext.newPage();
    await logInThroughPage(merchantPage, base, merchant);
    await merchantPage.getByRole('link', { name: 'Privacy' }).click();
    const register = await merchantPage.getByTestId('access-register').textContent();
    expect(register).toContain(`ops:${ops.id}`);
    expect(register).toContain('GET /dashboard/:tenantId/errors');
    expect(await merchantPage.getByText('31 December 2027').count()).toBe(1);
    await screenshot(merchantPage, 'privacy');
    await merchantContext.close();
  });

  it('lets a merchant set alert recipients and ops record a data breach the merchant then sees', async () => {
    const merchantContext = await englishContext();
    const page = await merchantContext.newPage();
    await logInThroughPage(page, base, merchant);
    await page.getByRole('link', { name: 'Alerts' }).click();
    await page.getByLabel('E-mail addresses (one per line)').fill('boekhouding@bakkerij.test\neigenaar@bakkerij.test');
    await page.getByLabel('Slack incoming-webhook URL').fill('https://hooks.slack.invalid/services/T1/B2/C3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByLabel('E-mail addresses (one per line)').inputValue()).toBe('boekhouding@bakkerij.test\neigenaar@bakkerij.test');
    expect(await page.getByText('A Slack webhook is stored.').count()).toBe(1);
    expect(await page.content()).not.toContain('hooks.slack.invalid');

    const opsContext = await englishContext();
    const opsPage = await opsContext.newPage();
    await logInThroughPage(opsPage, base, ops);
    await opsPage.getByRole('link', { name: 'Data breaches' }).click();
    await opsPage.getByLabel('What happened (no personal data)').fill('An export file was sent to the wrong mailbox and deleted there.');
    await opsPage.getByLabel('When it was found (UTC)').fill('2026-11-30T09:30');
    await opsPage.getByLabel('Bakkerij Jansen').check();
    await opsPage.getByRole('button', { name: 'Record and notify' }).click();
    await opsPage.waitForURL(/recorded=1/);
    expect(await opsPage.getByTestId('breach-register').textContent()).toContain('Bakkerij Jansen');
    await screenshot(opsPage, 'ops-breaches');
    await opsContext.close();

    await page.getByRole('link', { name: 'Privacy' }).click();
    expect(await page.getByTestId('breach-notices').textContent()).toContain('An export file was sent to the wrong mailbox');
    await merchantContext.close();
  });

  it('edits the booking settings, which the JSON API then returns', async () => {
    const context = await englishContext();
    const page = await context.newPage();
    await logInThroughPage(page, base, merchant);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Invoice state').selectOption('draft');
    await page.getByLabel('An order changed after it was booked').selectOption('correct');
    await page.getByLabel('Revenue domestic').fill('8000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByLabel('Invoice state').inputValue()).toBe('draft');
    await screenshot(page, 'settings');
    await context.close();
    const res = await h.request('GET', `/tenants/${tenantId}/settings`, { token: await h.login(merchant) });
    expect(res.body).toMatchObject({ invoiceState: 'draft', correctionPolicy: 'correct', ledgerAccounts: { 'revenue-domestic': '8000' } });
  });

  it('refuses a form post from another origin (CSRF) and one without the session token', async () => {
    const context = await englishContext();
    const page = await context.newPage();
    await logInThroughPage(page, base, merchant);
    const cookies = await context.cookies(base);
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const session = cookies.find((c) => c.name === 'doorzet_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
    expect(session?.secure).toBe(false); // plain http on loopback: Secure only when API_PUBLIC_URL is https
    const post = (origin: string, body: string) => fetch(`${base}/dashboard/${tenantId}/overview/start`, {
      method: 'POST', redirect: 'manual',
      headers: { origin, cookie: cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, body,
    });
    expect((await post('http://evil.example', 'csrf=x')).status).toBe(403);
    expect((await post(base, 'csrf=wrong')).status).toBe(403);
    await context.close();
  });
});

import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Real headless Chromium (Debian's `chromium` package; `.ci/run` installs it) driven by playwright-core.
 * Playwright's own browser download cannot work here, so the executable is found on the machine.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Chromium not found (tried ${candidates.join(', ')}); install it with apt-get install -y chromium or set CHROMIUM_PATH`);
  return found;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    // Playwright passes a fresh --user-data-dir of its own for every launch.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Serves a fetch handler (the API's app) on 127.0.0.1 at `port` (0: any free one). */
export async function serveOnPort(fetch: (request: Request, env?: unknown) => Response | Promise<Response>, port = 0): Promise<{ port: number; stop(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((done, fail) => {
    const s = serve({ fetch, hostname: '127.0.0.1', port }, () => done(s));
    s.once('error', fail);
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((done) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

// The README's copies are refreshed with `UPDATE_SCREENSHOTS=1 npm test`; other runs keep the work tree clean.
export const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS === '1'
  ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : resolve(tmpdir(), 'doorzet-screenshots');

/** A screenshot for the README, written by the tests so it always shows what the code does. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Fills the dashboard's login form and submits it. */
export async function logInThroughPage(page: Page, baseUrl: string, user: { email: string; accountKey: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/e-mail/i).fill(user.email);
  await page.getByLabel(/account ?(key|sleutel)/i).fill(user.accountKey);
  await page.getByLabel(/^(password|wachtwoord)$/i).fill(user.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('button', { name: /log ?in|inloggen/i }).click()]);
}

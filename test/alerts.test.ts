/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { alertsSent } from '../db/schema';
import { connectorFactory } from '../connectors/registry';
import { createSmtpMailer } from '../worker/mailer';
import { createHarness, type Harness } from './api/harness';
import { createSimulatedTenant, eventually } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

interface Mail { to: string[]; raw: string }

/** A real SMTP server (smtp-server) on loopback that keeps every message. */
async function startSmtp(): Promise<{ port: number; mails: Mail[]; stop(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, stop: () => new Promise<void>((done) => server.close(() => done())) };
}

/** Stands in for Slack's incoming-webhook endpoint: keeps every posted message. */
async function startSlackReceiver(): Promise<{ url: string; messages: { text: string }[]; stop(): Promise<void> }> {
  const messages: { text: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      messages.push(JSON.parse(body) as { text: string });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`, messages, stop: () => new Promise<void>((done) => server.close(() => done())) };
}

describe('alerts to a tenant by e-mail and Slack', () => {
  let h: Harness;
  let worker: TestWorker;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let slack: Awaited<ReturnType<typeof startSlackReceiver>>;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let tenantId: string;
  let merchantToken: string;
  let opsToken: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    slack = await startSlackReceiver();
    h = await createHarness();
    worker = await startTestWorker({
      database: h.database, connectorFactory, taskQueue: h.taskQueue,
      alerts: { mailer: createSmtpMailer(`smtp://127.0.0.1:${smtp.port}`, 'doorzet <alerts@doorzet.test>'), dashboardUrl: 'http://localhost:3000' },
    });
    woo = await startWooSimulator({ seed: 21 });
    moneybird = await startMoneybirdSimulator({ seed: 21 });
    tenantId = (await createSimulatedTenant(h.db, worker.vault, { woo, moneybird })).tenantId;
    merchantToken = await h.login(await h.createUser('tenant', tenantId));
    opsToken = await h.login(await h.createUser('ops'));
    const saved = await h.request('PUT', `/tenants/${tenantId}/alerts`, { token: merchantToken, json: { emails: ['Eigenaar@Winkel.test'], slackWebhookUrl: slack.url } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ emails: ['eigenaar@winkel.test'], slackConfigured: true });
    expect(saved.text).not.toContain(slack.url); // write-only
  });

  afterAll(async () => {
    await h?.close();
    await worker?.stop();
    await woo?.stop();
    await moneybird?.stop();
    await smtp?.stop();
    await slack?.stop();
  });

  const mailsAbout = (text: string) => smtp.mails.filter((m) => m.raw.includes(text));

  it('tells the tenant at once of a data breach ops record, and keeps it in the register', async () => {
    const res = await h.request('POST', '/breaches', {
      token: opsToken, json: { description: 'A backup copy was readable by a wrong account for two hours.', foundAt: '2026-11-30T08:15:00Z', tenantIds: [tenantId] },
    });
    expect(res.status).toBe(201);
    await eventually(() => mailsAbout('data breach').length === 1 && slack.messages.some((m) => m.text.includes('data breach')), { what: 'the breach notice' });
    expect(mailsAbout('data breach')[0]?.to).toEqual(['eigenaar@winkel.test']);
    expect(mailsAbout('data breach')[0]?.raw).toContain('A backup copy was readable');
    const notices = await h.request('GET', `/tenants/${tenantId}/breaches`, { token: merchantToken });
    expect(notices.body.breaches).toEqual([expect.objectContaining({ description: 'A backup copy was readable by a wrong account for two hours.' })]);
    expect((await h.request('GET', '/breaches', { token: merchantToken })).status).toBe(403);
    expect((await h.request('GET', '/breaches', { token: opsToken })).body.breaches[0].tenantIds).toEqual([tenantId]);
  });

  it('sends one alert per error cause, not one per order, and no debtor data', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/sync/start`, { token: merchantToken })).status).toBe(200);
    const billing = { first_name: 'Henk', last_name: 'Geheim', company: '', address_1: 'Geheimstraat 1', address_2: '', city: 'Utrecht', state: '', postcode: '3511 AA', country: 'NL', phone: '' };
    woo.createOrder({ billing: { ...billing, email: 'henk-zonder-apenstaartje' } });
    woo.createOrder({ billing: { ...billing, email: 'nog-een-zonder-apenstaartje' } });
    await eventually(async () => {
      const errors = await h.request('GET', `/tenants/${tenantId}/errors`, { token: merchantToken });
      return errors.body.groups?.[0]?.count === 2;
    }, { what: 'two error records' });
    await eventually(() => mailsAbout('could not be booked').length >= 1, { what: 'the error-cause alert' });
    // Both failures raised the alert; Postgres let one through.
    const rows = await h.db.select().from(alertsSent).where(eq(alertsSent.kind, 'error-cause'));
    expect(rows).toHaveLength(1);
    expect(mailsAbout('could not be booked')).toHaveLength(1);
    expect(slack.messages.filter((m) => m.text.includes('could not be booked'))).toHaveLength(1);
    for (const text of [...smtp.mails.map((m) => m.raw), ...slack.messages.map((m) => m.text)]) {
      for (const pii of ['henk-zonder-apenstaartje', 'nog-een-zonder', 'Geheim', 'Henk']) expect(text).not.toContain(pii);
    }
  });

  it('alerts when the sync pauses, once per pause', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/sync/pause`, { token: merchantToken, json: { reason: 'Inventaris tellen' } })).status).toBe(202);
    await eventually(() => mailsAbout('is paused').length === 1, { what: 'the pause alert' });
    expect(mailsAbout('is paused')[0]?.raw).toContain('Inventaris tellen');
    expect((await h.request('POST', `/tenants/${tenantId}/sync/resume`, { token: merchantToken })).status).toBe(202);
    expect((await h.request('POST', `/tenants/${tenantId}/sync/pause`, { token: merchantToken, json: { reason: 'Nog een keer' } })).status).toBe(202);
    await eventually(() => mailsAbout('is paused').length === 2, { what: 'the second pause alert' });
    const recent = await h.request('GET', `/tenants/${tenantId}/alerts`, { token: merchantToken });
    expect(recent.body.recent.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['sync-paused', 'error-cause', 'data-breach']));
  });
});

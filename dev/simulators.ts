// `npm run simulators`: the WooCommerce, Moneybird and Odoo simulators on fixed ports, for connecting a tenant by hand.
// The first line on stdout is one JSON object with each simulator's vendor, base URL and credentials; the log goes to stderr.
import { startWooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { startOdooSimulator } from '../connectors/targets/odoo/simulator';

const wooPort = Number(process.env.WOO_SIMULATOR_PORT ?? 3101);
const moneybirdPort = Number(process.env.MONEYBIRD_SIMULATOR_PORT ?? 3102);
const odooPort = Number(process.env.ODOO_SIMULATOR_PORT ?? 3103);
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

async function main(): Promise<void> {
  // Fixed seeds: the same credentials every run, so the README's example works.
  const woo = await startWooSimulator({ seed: 7, port: wooPort });
  const moneybird = await startMoneybirdSimulator({ seed: 7, port: moneybirdPort });
  const odoo = await startOdooSimulator({ seed: 8, port: odooPort, version: 19 });
  process.stdout.write(`${JSON.stringify({
    simulators: [
      {
        role: 'source', vendor: 'woocommerce', baseUrl: woo.url,
        credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
        note: 'baseUrl is the store root; the REST API is under /wp-json/wc/v3. webhookSecret is yours to choose (set it on the webhook too).',
      },
      {
        role: 'target', vendor: 'moneybird', baseUrl: moneybird.url,
        credentials: { apiToken: moneybird.token, administrationId: moneybird.administrationId },
        note: 'baseUrl is the API host; the API is under /api/v2/{administrationId}.',
      },
      {
        role: 'target', vendor: 'odoo', baseUrl: odoo.url,
        credentials: { protocol: 'json2', apiKey: odoo.apiKey },
        alternative: { protocol: 'xmlrpc', apiKey: odoo.apiKey, database: odoo.database, login: odoo.login },
        note: 'baseUrl is the instance root; JSON-2 under /json/2/<model>/<method>, XML-RPC under /xmlrpc/2 (the same database answers both).',
      },
    ],
  })}\n`);
  log(`WooCommerce simulator on ${woo.url} (orders: POST ${woo.url}/wp-json/wc/v3/orders, basic auth with the consumer key and secret)`);
  log(`Moneybird simulator on ${moneybird.url} (invoices: GET ${moneybird.url}/api/v2/${moneybird.administrationId}/sales_invoices.json, Bearer token)`);
  log(`Odoo 19 simulator on ${odoo.url} (invoices: POST ${odoo.url}/json/2/account.move/search_read, Authorization: bearer <apiKey>)`);

  let seenInvoices = 0;
  const timer = setInterval(() => {
    if (moneybird.invoices.size !== seenInvoices) {
      seenInvoices = moneybird.invoices.size;
      log(`Moneybird simulator: ${seenInvoices} invoice(s) booked`);
    }
  }, 1_000);
  const stop = async (signal: string) => {
    log(`${signal}: stopping the simulators`);
    clearInterval(timer);
    await woo.webhooks.flush();
    await Promise.all([woo.stop(), moneybird.stop(), odoo.stop()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`simulators failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

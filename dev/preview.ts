import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { vendorDescriptor } from '../connectors/catalogue';
import { ConnectorError } from '../connectors/errors';
import { previewSale, unreadablePreview, type PreviewResult } from '../domain/preview';
import { defaultTenantSettings, tenantSettingsSchema, type TenantSettings } from '../domain/tenant-settings';

/**
 * `npm run -s preview -- <order.json> [--settings <tenant-settings.json>] [--source woocommerce] [--target moneybird]`
 * Reads one order as the shop's REST API returns it and prints exactly one JSON object: what booking it
 * would record (domain/preview). Without --settings: a Dutch merchant registered for OSS (the defaults).
 * Bad arguments go to stderr with exit code 2 and nothing on stdout.
 */

function fail(message: string): never {
  process.stderr.write(`preview: ${message}\n`);
  process.exit(2);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    fail(`cannot read ${what} ${path}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    fail(`${what} ${path} is not JSON`);
  }
}

function run(argv: string[]): PreviewResult {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { settings: { type: 'string' }, source: { type: 'string', default: 'woocommerce' }, target: { type: 'string' } },
  });
  const [orderPath] = positionals;
  if (!orderPath || positionals.length > 1) fail('usage: npm run -s preview -- <order.json> [--settings <tenant-settings.json>]');

  let settings: TenantSettings = defaultTenantSettings();
  if (values.settings) {
    const parsed = tenantSettingsSchema.safeParse(readJson(values.settings, 'settings file'));
    if (!parsed.success) fail(`settings file ${values.settings}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    settings = parsed.data;
  }
  const source = vendorDescriptor('source', values.source);
  if (!source?.saleFromPayload) fail(`no offline preview for source ${values.source}`);
  const target = values.target === undefined ? null : vendorDescriptor('target', values.target);
  if (values.target !== undefined && !target) fail(`unknown target ${values.target}`);

  const raw = readJson(orderPath, 'order file');
  try {
    return previewSale(source.saleFromPayload(raw), settings, target?.currencies ?? 'any');
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    const issues = error.details.issues ?? [];
    return unreadablePreview((issues.length > 0 ? issues : [{ code: error.code, path: '', message: error.message }])
      .map((i) => ({ code: error.code, path: i.path, message: i.message })));
  }
}

process.stdout.write(`${JSON.stringify(run(process.argv.slice(2)))}\n`);

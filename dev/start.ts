// `npm start`: the whole platform on one machine. Embedded Postgres and the Temporal dev server
// unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; then the worker, the API and a demo tenant.
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startPlatform } from './platform';
import { startS3Server } from './s3-server';
import { resolveTemporalCli } from './temporal-binaries';
import { startTemporalDevServer } from './temporal-dev-server';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const secrets = await loadOrCreateDevSecrets(dataDir);
  const config = loadConfig({
    DOORZET_MASTER_KEY: secrets.masterKey,
    DOORZET_CODEC_KEY: secrets.codecKey,
    DOORZET_BACKUP_KEY: secrets.backupKey,
    ...process.env,
    DATA_DIR: dataDir,
  });
  const stops: (() => Promise<void>)[] = [];
  const say = (line: string) => process.stdout.write(`${line}\n`);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    say('doorzet: starting embedded Postgres ...');
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: config.EMBEDDED_POSTGRES_PORT, database: 'doorzet' });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
  }

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi = config.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    say('doorzet: starting the Temporal dev server ...');
    const temporal = await startTemporalDevServer({
      cliPath: resolveTemporalCli(config.TEMPORAL_CLI_PATH, process.env.PATH),
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      dbFile: join(dataDir, 'temporal.db'),
      codecEndpoint: `http://localhost:${config.API_PORT}/codec`,
    });
    stops.unshift(() => temporal.stop());
    temporalAddress = temporal.address;
    temporalUi = temporal.uiUrl ?? temporalUi;
  }

  // Backups go to a local S3-compatible server (objects under .data/s3) unless BACKUP_S3_ENDPOINT names one.
  let backupStore = {};
  if (!config.BACKUP_S3_ENDPOINT) {
    say('doorzet: starting the local S3 server for backups ...');
    const s3 = await startS3Server({ dataDir: join(dataDir, 's3'), port: config.EMBEDDED_S3_PORT, accessKeyId: secrets.s3AccessKeyId, secretAccessKey: secrets.s3SecretAccessKey });
    stops.unshift(() => s3.stop());
    backupStore = { BACKUP_S3_ENDPOINT: s3.endpoint, BACKUP_S3_ACCESS_KEY_ID: s3.accessKeyId, BACKUP_S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
  }

  const platform = await startPlatform({ ...config, ...backupStore, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_URL: temporalUi }, {
    ops: { email: secrets.opsEmail, password: secrets.opsPassword },
  });
  stops.unshift(() => platform.stop());

  // One host for everything a browser opens (the session cookie is per host): the UI and its codec endpoint use localhost.
  const browserApi = platform.apiUrl.replace('://127.0.0.1:', '://localhost:');
  say('');
  say('doorzet is running');
  say(`  Dashboard      ${browserApi}/login   (merchants and ops; ops log in here before opening the Temporal UI)`);
  say(`  API            ${browserApi}   (health: ${platform.apiUrl}/health, OpenAPI: ${platform.apiUrl}/openapi.json)`);
  say(`  Temporal UI    ${temporalUi}   (payloads decrypt through ${browserApi}/codec once you are logged in as ops; see the README)`);
  say(`  Ops login      ${secrets.opsEmail} / account key ${platform.opsAccountKey} / password in ${join(dataDir, 'dev-secrets.json')}`);
  say(`  Backups        daily at 03:40 UTC, encrypted, into ${'BACKUP_S3_ENDPOINT' in backupStore ? `the local S3 server (${join(dataDir, 's3')})` : config.BACKUP_S3_ENDPOINT}; GET ${browserApi}/backups, npm run restore -- <backup id>`);
  for (const demo of platform.demoTenants) say(`  Demo tenant    ${demo.tenantId}: ${demo.label}`);
  say('Press Ctrl-C to stop.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\ndoorzet: ${signal} received, stopping (worker first) ...`);
    for (const stop of stops) {
      try {
        await stop();
      } catch (error) {
        say(`doorzet: error while stopping: ${String(error)}`);
      }
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `doorzet failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});

import { z } from 'zod';

const base64Key = (name: string) =>
  z.string().refine((v) => Buffer.from(v, 'base64').length === 32, `${name} must be 32 bytes, base64-encoded (generate one with: openssl rand -base64 32)`);

const port = z.coerce.number().int().min(1).max(65535);
const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/** `{"<vendor>": {"clientId": "…", "clientSecret": "…"}}`: the platform's app registration per OAuth vendor. */
const oauthClients = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: {"<vendor>": {"clientId": "...", "clientSecret": "..."}}' });
    return z.NEVER;
  }
}).pipe(z.record(z.string().regex(/^[a-z0-9-]+$/), z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) })));

/** Every setting doorzet reads, in one place. Entry points call loadConfig(process.env) once. */
export const configSchema = z.object({
  DATABASE_URL: z.string().url().optional().describe('Postgres URL; unset = embedded Postgres (npm start only)'),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').optional().describe('Temporal frontend host:port; unset = embedded dev server (npm start only)'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('doorzet'),
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233').describe('Where operators open the Temporal UI; used for links'),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_PORT: port.default(7233).describe('Port of the embedded dev server'),
  TEMPORAL_CLI_PATH: z.string().optional().describe('Path of the `temporal` CLI; else PATH, else .tools/'),
  TEMPORAL_TEST_SERVER_PATH: z.string().optional().describe('Path of the time-skipping test server'),
  TEMPORAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(30).default(30),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  API_PUBLIC_URL: z.string().url().optional().describe('Public URL of the API (codec endpoint, webhooks); default http://API_HOST:API_PORT'),
  UI_ORIGINS: csv.default(['http://localhost:8233', 'http://127.0.0.1:8233']).describe('Browser origins allowed to call the codec endpoint'),
  DOORZET_MASTER_KEY: base64Key('DOORZET_MASTER_KEY').describe('Wraps every tenant data key'),
  DOORZET_MASTER_KEY_ID: z.string().regex(/^[a-z0-9-]{1,32}$/).default('mk1'),
  DOORZET_PREVIOUS_MASTER_KEYS: z.string().default('').describe('Older master keys during rotation: id:base64,id:base64'),
  DOORZET_CODEC_KEY: base64Key('DOORZET_CODEC_KEY').describe('Derives the Temporal payload keys'),
  DOORZET_BACKUP_KEY: base64Key('DOORZET_BACKUP_KEY').optional().describe('Encrypts backups and the deletion log; never the master key. Unset = no backups'),
  DOORZET_BACKUP_KEY_ID: z.string().regex(/^[a-z0-9-]{1,32}$/).default('bk1'),
  DOORZET_PREVIOUS_BACKUP_KEYS: z.string().default('').describe('Older backup keys that still open existing backups: id:base64,id:base64'),
  BACKUP_S3_ENDPOINT: z.string().url().optional().describe('S3-compatible endpoint; unset = AWS S3 (npm start: its local server)'),
  BACKUP_S3_REGION: z.string().min(1).default('eu-central-1'),
  BACKUP_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name').default('doorzet-backups'),
  BACKUP_S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or end with /').default(''),
  BACKUP_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  BACKUP_S3_FORCE_PATH_STYLE: z.stringbool().optional().describe('Path-style URLs; default on when BACKUP_S3_ENDPOINT is set'),
  EMBEDDED_S3_PORT: port.default(4569).describe('Port of the local S3 server npm start runs'),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  SYNC_POLL_INTERVAL_SECONDS: z.coerce.number().int().positive().default(30),
  SALE_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(250).describe('Workflows the worker keeps in memory between their steps (more = fewer replays, more RSS)'),
  WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).default(50).describe('Activities one worker runs at once'),
  WORKER_REUSE_V8_CONTEXT: z.stringbool().default(true).describe('One V8 context for all cached workflows (much less memory); off only to debug'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be smtp://user:pass@host:port or smtps://...').optional().describe('Where alert e-mails go out; unset = no e-mail alerts'),
  ALERT_FROM: z.string().min(3).default('doorzet <alerts@doorzet.localhost>').describe('From address of alert e-mails'),
  DEMO: z.stringbool().default(true).describe('npm start: create a demo tenant with simulated shop and ledger'),
  OAUTH_CLIENTS: oauthClients.default({}).describe('OAuth app registrations per vendor (JSON); the redirect URI is API_PUBLIC_URL/oauth/callback'),
});

export type Config = z.infer<typeof configSchema>;

// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (production runs this once per deploy).
import { ConfigError, loadConfig } from '../config';
import { runMigrations } from './migrate';

const config = loadConfig(process.env);
if (!config.DATABASE_URL) {
  process.stderr.write(`${new ConfigError([{ setting: 'DATABASE_URL', message: 'is required to run migrations' }]).message}\n`);
  process.exit(1);
}
await runMigrations(config.DATABASE_URL);
process.stdout.write('migrations applied\n');

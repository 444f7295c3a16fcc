export { configSchema, type Config } from './schema';
export { ConfigError, loadConfig, masterKeys, codecKey, apiPublicUrl } from './load-config';
export { oauthApps, oauthClientIds, oauthRedirectUri } from './oauth';
export { backupSettings, type BackupSettings } from './backup-settings';

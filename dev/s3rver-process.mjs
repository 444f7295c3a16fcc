// The local S3-compatible server (s3rver, objects on disk) in a process of its own, for `npm start`,
// the tests and the bench. Arguments: port (0 = any free one), data directory, access key id, secret.
// Prints `ready <port>` once it listens; SIGTERM closes it.
import { createRequire } from 'node:module';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const [port = '0', directory, accessKeyId, secretAccessKey] = process.argv.slice(2);
if (!directory || !accessKeyId || !secretAccessKey) {
  console.error('usage: s3rver-process.mjs <port> <directory> <access key id> <secret access key>');
  process.exit(2);
}

// s3rver checks request signatures against one built-in key pair; swap it for ours, so a client with the
// wrong credentials is refused, as by a real store.
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account');
DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);

const server = new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true });
const address = await server.run();
process.stdout.write(`ready ${address.port}\n`);

const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent went away without stopping us (a crash): do not linger.
process.stdin.on('end', stop);
process.stdin.resume();

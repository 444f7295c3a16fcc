// The local S3-compatible server (s3rver, objects on disk) in a process of its own, for `npm start`,
// the tests and the bench. Arguments: port (0 = any free one) and data directory; the key pair arrives as
// the first line on stdin (JSON), so it never shows in the process list. Prints `ready <port>` once it
// listens; SIGTERM, or the parent closing stdin, stops it.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import S3rver from 's3rver';

const require = createRequire(import.meta.url);
const [port = '0', directory] = process.argv.slice(2);
if (!directory) {
  console.error('usage: s3rver-process.mjs <port> <directory>  (stdin: {"accessKeyId":"...","secretAccessKey":"..."})');
  process.exit(2);
}

const lines = createInterface({ input: process.stdin });
const first = await new Promise((resolve) => lines.once('line', resolve));
const { accessKeyId, secretAccessKey } = JSON.parse(first);

// s3rver knows one built-in key pair; swap it for ours, so a client with another access key id is refused.
// (s3rver does not verify SigV4 signatures, so a wrong secret is not noticed here; MinIO and S3 do.)
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
lines.on('close', stop);

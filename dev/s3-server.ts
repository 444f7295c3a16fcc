import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stopChild } from './temporal-dev-server';

export interface RunningS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));

/**
 * A real S3-compatible server on 127.0.0.1 (s3rver from npm, a devDependency): objects are files under
 * `dataDir`, so `npm start` finds its backups again; requests with another access key id are refused (s3rver
 * does not verify SigV4 signatures themselves). Runs in a child process so its work is not mixed with the caller's.
 */
export async function startS3Server(options: { dataDir: string; port?: number; accessKeyId: string; secretAccessKey: string; readyTimeoutMs?: number }): Promise<RunningS3> {
  await mkdir(options.dataDir, { recursive: true });
  const child = spawn(process.execPath, [script, String(options.port ?? 0), options.dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a terminal's Ctrl-C reaches the caller, which stops it in order.
    detached: true,
  });
  // The key pair goes over stdin, not the command line (which every local user can read).
  child.stdin.write(`${JSON.stringify({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey })}\n`);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-2000)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the local S3 server did not start within ${options.readyTimeoutMs ?? 30_000} ms: ${stderr}`));
    }, options.readyTimeoutMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local S3 server exited (code ${code}): ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    stop: () => stopChild(child),
  };
}

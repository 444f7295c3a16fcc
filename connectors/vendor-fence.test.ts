import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_MODULES, TARGET_MODULES } from './registry';

const root = join(import.meta.dirname, '..');

// Where a vendor may be named: its own folder and the registry; tests, the bench and the dev runtime
// (demo tenants, simulators) wire concrete vendors on purpose.
const allowed = (file: string, vendor: string): boolean =>
  file.startsWith(`connectors/sources/${vendor}/`) || file.startsWith(`connectors/targets/${vendor}/`) ||
  file === 'connectors/registry.ts' || file.endsWith('.test.ts') ||
  /^(test|bench|dev|node_modules|\.tools|\.data|db\/migrations)\//.test(file);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

describe('vendor modules', () => {
  const vendors = [...SOURCE_MODULES, ...TARGET_MODULES].map((m) => m.vendor);

  it('name each vendor only in its own folder and the registry', () => {
    const files = sourceFiles(root);
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8').toLowerCase();
      return vendors.filter((vendor) => !allowed(file, vendor) && text.includes(vendor)).map((vendor) => `${file}: ${vendor}`);
    });
    expect(violations).toEqual([]);
  });

  it('keep each vendor in one folder with a descriptor, a module and docs', () => {
    for (const module of [...SOURCE_MODULES, ...TARGET_MODULES]) {
      expect(module.docsUrl).toMatch(/^https:\/\//);
      expect(module.credentialsSchema).toBeDefined();
    }
    expect(new Set(vendors).size).toBe(vendors.length);
  });
});

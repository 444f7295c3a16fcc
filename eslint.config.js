import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sideEffectModules = [
  'node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'http', 'net',
  'postgres', 'drizzle-orm', 'drizzle-orm/*', 'libsodium-wrappers-sumo', 'hono', 'hono/*', 'pino',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];
const outsideSandbox = ['**/activities/**', '**/connectors/**', '**/db/**', '**/crypto/**', '**/api/**', '**/worker/**', '**/dev/**', '**/config/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'db/migrations/**', 'bench/results/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Only entry points read the environment (see DESIGN.md).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through config/loadConfig in an entry point.' }],
    },
  },
  {
    // Entry points may read process.env.
    // Entry points, and the test and bench harnesses that build an environment for the processes they start.
    files: ['**/main.ts', 'dev/start.ts', 'dev/simulators.ts', 'dev/setup/**', 'bench/**', 'test/**', 'drizzle.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.mjs', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    // The workflow sandbox fence: values only from @temporalio/workflow and domain/; everything else as types.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: [...sideEffectModules, ...outsideSandbox], allowTypeImports: true, message: 'Workflows import values only from @temporalio/workflow and domain/; import activity types with `import type`.' },
        ],
      }],
    },
  },
  {
    // Pure code: no I/O, no Temporal.
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: [...sideEffectModules, '@temporalio/*', ...outsideSandbox, '**/workflows/**'], allowTypeImports: true, message: 'domain/ is pure code.' }],
      }],
    },
  },
  {
    // Connectors know neither Temporal nor the database.
    files: ['connectors/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['@temporalio/*', 'postgres', 'drizzle-orm', 'drizzle-orm/*', '**/db/**', '**/workflows/**', '**/activities/**'], message: 'Connectors know no Temporal and no database.' }],
      }],
    },
  },
  {
    // The API never calls a connector: external I/O runs inside a workflow.
    files: ['api/**/*.ts', 'api/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        // The vendor catalogue (descriptors: schemas, webhook verification, limits) is the one door into connectors/.
        patterns: [{ group: ['**/connectors/**', '!**/connectors/catalogue', '**/activities/**'], allowTypeImports: true, message: 'The API starts workflows; it never calls connectors or activities (only connectors/catalogue).' }],
      }],
    },
  },
);

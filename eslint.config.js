// Lint at zero warnings: type-aware strict rules, floating promises are errors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', '.vigil/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The statistics core is pure: no I/O, and nothing from the adapters or services around it.
    files: ['services/core/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'net', 'http', 'child_process', 'worker_threads'], message: 'The core is pure: time, state and bytes are passed in.' },
          { regex: '/(adapters|processor|api|references|sdk|simulator|all|test)/|/shared/(?!errors\\.js$)', message: 'The core may import only itself, the contracts and the error catalogue.' },
          { regex: '^(kafkajs|@clickhouse/|chdb|fastify|pino|avsc|@kafkajs/)', message: 'The core has no I/O libraries.' },
        ],
      }],
    },
  },
  {
    // The query API reads what the processor wrote through the store; it shares code with it only via the core.
    files: ['services/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '/processor/', message: 'The API must not import the processor: share it through services/core.' }] }],
    },
  },
  {
    // Command-line entry points and test helpers may print to the terminal.
    files: ['**/cli/**/*.ts', '**/bin/**/*.ts', 'test/**/*.ts', 'deploy/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);

// ESLint flat config for the whole repository (`npm run lint` runs `eslint .`).
// Deliberately syntax-only (no type-aware rules) so it stays fast; `npm run
// typecheck` is where types are checked. Import boundaries live in
// .dependency-cruiser.cjs, not here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Tests and test helpers: may print, may use `any` for fakes and fixtures. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test/**', 'test-support/**'];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      // Browser tests build into these, then rename them to dist/.
      'packages/web/dist-*/**',
      'packages/web/.build-lock/**',
      '**/data/**',
      '**/coverage/**',
      '**/.bench-data/**',
      '**/test-results/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Server code logs through the injected pino logger (STYLE.md habit 8).
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/cli/**', ...TEST_FILES],
    rules: {
      'no-console': 'error',
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript run by Node before anything is compiled: the build, dev and measuring scripts, the CLI's launcher,
    // and the peers' servers the anchors bench runs as their users would.
    files: ['scripts/**/*.mjs', 'packages/*/bin/**/*.js', 'bench/anchors/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // Plain CommonJS config files (e.g. .dependency-cruiser.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);

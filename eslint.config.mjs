// ESLint (flat config). `npm run lint` runs it with --max-warnings=0, then tsc and prettier.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md): app/ may use lib/, db/ and emails/; lib/ never uses app/;
 * db/ (schema, migrations, the driver) uses none of the others; emails/ (templates and their props
 * types) uses neither lib/ nor db/. Checked on resolved paths, so `@/lib/…` and `../lib/…` alike.
 * tests/, bench/ and scripts/ may use anything, and no production layer uses them.
 */
const layers = [
  { target: './lib', from: ['./app'], message: 'lib/ must not import app/.' },
  { target: './db', from: ['./app', './lib', './emails'], message: 'db/ is schema, migrations and the driver only.' },
  { target: './emails', from: ['./lib', './db', './app'], message: 'emails/ must not import lib/, db/ or app/.' },
  {
    target: ['./app', './lib', './db', './emails', './instrumentation.ts', './proxy.ts'],
    from: ['./tests', './bench', './scripts'],
    message: 'Production code must not import tests/, bench/ or scripts/.',
  },
];

export default defineConfig(
  globalIgnores([
    '.next*/**',
    '.data/**',
    'test-results*/**',
    'playwright-report/**',
    'bench/.out/**',
    '.vercel/**',
    'db/migrations/**',
    'next-env.d.ts',
  ]),

  // Next's rules (React, react-hooks, @next/next core-web-vitals, a few jsx-a11y ones). It registers
  // the react, react-hooks, import, jsx-a11y and @next/next plugins: the blocks below only add rules.
  ...nextCoreWebVitals,

  // typescript-eslint, type-aware.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },

  // All of jsx-a11y's and react-hooks' recommended rules (Next turns on only some).
  { rules: { ...jsxA11y.flatConfigs.recommended.rules, ...reactHooks.configs.recommended.rules } },

  {
    settings: {
      // Never parse dependencies for the import rules (no-cycle would parse all of node_modules).
      'import/ignore': ['node_modules'],
    },
    rules: {
      'import/no-restricted-paths': ['error', { zones: layers }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
    },
  },

  {
    // Playwright's fixture callback is named `use`, which rules-of-hooks takes for React's use(); no React here.
    files: ['tests/e2e/**', 'tests/helpers/e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },

  // The few .mjs config files are not in tsconfig.json: no type information for them.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);

// Lint: typescript-eslint and eslint-plugin-astro for the code, Prettier for its layout
// (eslint-config-prettier turns off what the formatter owns), and the house's layers as import
// rules (README, "Development"): a wrong-way import fails `npm run lint`.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SITE = ['src/site', 'src/pages', 'src/components', 'src/layouts'];
const IO = ['src/cli', 'src/check', 'src/evidence', 'collectors'];

/** Each layer, and the folders it must not import from. */
export const LAYERS = [
  {
    target: ['src/core', 'src/rules'],
    from: [...IO, ...SITE, 'scripts', 'test', 'testkit'],
    message:
      'core and rules are pure: they take data and return data (no store, CLI, site or test code).',
  },
  {
    target: ['src/core'],
    from: ['src/rules'],
    message: 'core does not import rules: rules import core (the Rule type lives in core).',
  },
  {
    target: ['src/evidence'],
    from: ['src/cli', 'src/check', 'collectors', ...SITE, 'scripts', 'test', 'testkit'],
    message: 'the evidence store knows its layout and records, not who reads or writes them.',
  },
  {
    target: ['collectors'],
    from: ['src/cli', 'src/check', ...SITE, 'scripts', 'test', 'testkit'],
    message: 'a collector writes through the evidence store; it knows no CLI, check or site.',
  },
  {
    target: ['src/check'],
    from: ['src/cli', 'collectors', ...SITE, 'scripts', 'test', 'testkit'],
    message: 'the check engine reads the store and runs rules; it knows no CLI, collector or site.',
  },
  {
    target: SITE,
    from: [...IO, 'scripts', 'test', 'testkit'],
    message: 'the site only renders its validated view models (virtual:docket/site-data).',
  },
  {
    target: ['src/cli', 'bin', 'testkit'],
    from: ['scripts', 'test'],
    message: 'shipped code and the testkit do not import scripts or tests.',
  },
  {
    target: ['scripts'],
    from: ['test'],
    message: 'scripts import generators from testkit/, not from test/.',
  },
];

/** Modules that do I/O: pure layers may not import them. */
const IO_MODULES = [
  'fs',
  'node:fs',
  'node:fs/promises',
  'node:child_process',
  'node:worker_threads',
  'node:net',
  'node:http',
  'node:https',
  'node:os',
  'node:process',
  '@octokit/*',
  '@aws-sdk/*',
  'astro',
  'astro:*',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'lib/',
      '.astro/',
      '.docket/',
      'bench-out/',
      'artifacts/',
      'coverage/',
      'evidence/',
      'audit/',
      'content/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs'] })],
      // Without these, import-x reads no TypeScript module and no-cycle sees no edges.
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        { zones: LAYERS.map((l) => ({ target: l.target, from: l.from, message: l.message })) },
      ],
    },
  },
  {
    files: ['src/core/**', 'src/rules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: IO_MODULES,
              message: 'core and rules are pure: I/O belongs to the store, collectors or CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    // Inline page scripts reach the browser byte for byte as written.
    files: ['**/*.astro/*.js', '**/*.astro/*.ts'],
    rules: { 'no-var': 'off' },
  },
  prettier,
);

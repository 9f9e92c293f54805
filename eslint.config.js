import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const SUPABASE_ONLY_IN_API = { group: ['@supabase/*'], message: 'Import Supabase only in src/lib/api/.' };

/** Imports refused in `files` (lib/api alone may import supabase-js). */
function layer(files, patterns, ignores = []) {
  const api = files.every((f) => f.startsWith('src/lib/api'));
  return {
    files,
    ignores: api ? ignores : ['src/lib/api/**', ...ignores],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: api ? patterns : [SUPABASE_ONLY_IN_API, ...patterns] },
      ],
    },
  };
}

export default ts.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.data/',
      'test-results/',
      'playwright-report/',
      'src/lib/api/database.types.ts',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Layering (docs/architecture.md, "What may import what"). ESLint applies only the last matching
  // block's options for a rule, so every block repeats the rule that keeps supabase-js in lib/api.
  layer(['src/**/*.ts', 'src/**/*.svelte'], []),
  layer(
    ['src/lib/geo/**'],
    [
      {
        group: ['svelte', 'svelte/*', '*.svelte', 'maplibre-gl', 'svelte-maplibre-gl', 'pmtiles'],
        message: 'lib/geo is pure: no Svelte, no map.',
      },
      {
        group: ['**/state/*', '**/features/**', '**/screens/*', '**/map/*', '**/workers/*', '**/i18n/*'],
        message: 'lib/geo imports nothing of the app above it.',
      },
      {
        group: ['**/api/*'],
        allowTypeImports: true,
        message: 'lib/geo may use the domain types of lib/api, never the network.',
      },
    ],
    ['**/*.test.ts'],
  ),
  layer(
    ['src/lib/api/**'],
    [
      {
        group: [
          'svelte',
          'svelte/*',
          '*.svelte',
          '**/state/*',
          '**/features/**',
          '**/screens/*',
          '**/map/*',
          '**/workers/*',
          '**/i18n/*',
        ],
        message: 'lib/api returns domain types and knows nothing of the app above it.',
      },
    ],
  ),
  layer(
    ['src/lib/state/**', 'src/lib/i18n/**'],
    [
      {
        group: [
          '*.svelte',
          'maplibre-gl',
          'svelte-maplibre-gl',
          '**/features/**',
          '**/screens/*',
          '**/map/*',
          '**/workers/*',
        ],
        message: 'lib/ never imports components, map, screens or workers (screens hand it what it needs).',
      },
    ],
  ),
  layer(
    ['src/map/**'],
    [
      {
        group: ['**/lib/api/*'],
        message: 'Map components take data as props and report through callbacks; they never call the API.',
      },
      {
        group: ['**/features/**', '**/screens/*', '**/workers/*'],
        message: 'src/map sits below features and screens.',
      },
    ],
  ),
  layer(
    ['src/features/**'],
    [{ group: ['**/screens/*', '**/workers/*'], message: 'Features never import screens or workers.' }],
  ),
  layer(
    ['src/workers/**'],
    [
      {
        group: [
          'svelte',
          'svelte/*',
          '*.svelte',
          '**/api/*',
          '**/state/*',
          '**/features/**',
          '**/screens/*',
          '**/map/*',
        ],
        message: 'Workers run pure lib code only.',
      },
    ],
  ),
  {
    // User text is never rendered as HTML.
    files: ['src/**/*.svelte'],
    rules: { 'svelte/no-at-html-tags': 'error' },
  },
);

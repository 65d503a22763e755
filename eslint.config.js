// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers run one way (STYLE.md): features use the platform and lib; the platform uses lib;
// lib uses nothing of ours. A feature reaches another only through its manifest (index.ts).
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const noImport = (regexes, message) => ({
  'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
});
const layers = [
  {
    files: ['src/platform/**/*.ts'],
    rules: noImport(
      ['(^|/)features/', '^\\.\\./\\.\\./(app|main|worker)\\.ts$', '(^|/)cli/'],
      'The platform never imports features or entry points.',
    ),
  },
  {
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: noImport(['^\\.\\./'], 'lib/ holds pure helpers: it imports nothing of ours outside lib/.'),
  },
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.ts`],
    rules: noImport(
      features.filter((other) => other !== feature).map((other) => `(^|/)${other}/(?!index\\.ts$)`),
      'Another feature is reached only through its manifest (features/<feature>/index.ts).',
    ),
  })),
];

export default tseslint.config(
  { ignores: ['node_modules', '.tools', '.data', 'dist', 'test-results', 'coverage', 'public/js/vendor'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // TenantSettings is declared by extension, one feature's part at a time (declaration merging).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in src/config.ts.',
        },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', 'knexfile.ts', 'vitest.config.ts', 'src/cli/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  ...layers,
  {
    files: ['public/js/**'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
);

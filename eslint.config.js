import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      // tsconfig's noUncheckedIndexedAccess makes every array index possibly undefined; after a
      // length check or a regex match, `!` is the honest way to say so.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // What the site sends to browsers: plain scripts that run in the page.
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  // The service workers run in a worker's global scope, not a page's.
  {
    files: ['public/worker/*.js'],
    languageOptions: { globals: { ...globals.serviceworker }, sourceType: 'script' },
  },
);

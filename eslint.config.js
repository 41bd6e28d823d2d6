// `npm run lint`: ESLint's and typescript-eslint's recommended rules. No type-aware rules: they would
// type-check the whole tree a second time, which `npm run typecheck` already does.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'data/', 'test-artifacts/', 'tmp/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // As in tsconfig (noUnusedParameters): a leading underscore marks what is unused on purpose — a
      // parameter a signature requires (express's error handler has four), or a field a rest pattern drops.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests build loose doubles (a fake request, a parsed JSON body under assertion) where naming a type would add nothing.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The pages' scripts run in the browser as classic scripts.
  { files: ['views/static/**/*.js'], languageOptions: { sourceType: 'script', globals: globals.browser } },
);

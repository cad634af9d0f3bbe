// ESLint for the repository (run by `npm run lint` from the root; see README.md here). The
// recommended rules of ESLint and typescript-eslint (syntax only: the project type-checks with
// tsc), and the layers of src/ as import boundaries, so that dependencies point one way:
//
//   entry points (local.ts, lambda.ts, lambdaHandler.ts, fitWorker.ts) → compose.ts, config.ts
//     → application/ → graphql/ | rest/ → http/ → service/ → formula/ | stats/ | models/ | data/ → numeric/
//
// with workers/ beside the application (the composition root builds them; they run the service's
// fit computation). A module may import any layer below its own, never one above or a sibling.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TOP_LEVEL = ['local', 'lambda', 'lambdaHandler', 'fitWorker', 'compose', 'config'];

/** Imports of these src/ folders (and of the top-level modules) from a file one or more folders down. */
function forbid(folders, { topLevel = true } = {}) {
  const patterns = [];
  if (folders.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+(${folders.join('|')})/`,
      message: 'This import points up or across the layers of src/ (tools/lint/eslint.config.mjs lists them).',
    });
  }
  if (topLevel) {
    patterns.push({
      regex: `^(\\.\\./)+(${TOP_LEVEL.join('|')})\\.js$`,
      message: 'Only entry points import the composition root, the configuration and each other.',
    });
  }
  return { 'no-restricted-imports': ['error', { patterns }] };
}

/** Each layer, and the folders above it or beside it that it must not import. */
const LAYERS = [
  { files: ['src/application/**'], forbidden: ['workers'] },
  { files: ['src/workers/**'], forbidden: ['application', 'graphql', 'rest', 'http'] },
  { files: ['src/graphql/**'], forbidden: ['application', 'workers', 'rest'] },
  { files: ['src/rest/**'], forbidden: ['application', 'workers', 'graphql'] },
  { files: ['src/http/**'], forbidden: ['application', 'workers', 'graphql', 'rest'] },
  { files: ['src/service/**'], forbidden: ['application', 'workers', 'graphql', 'rest', 'http'] },
  {
    files: ['src/formula/**'],
    forbidden: ['application', 'workers', 'graphql', 'rest', 'http', 'service', 'stats', 'models'],
  },
  {
    files: ['src/stats/**'],
    forbidden: ['application', 'workers', 'graphql', 'rest', 'http', 'service', 'formula', 'models', 'data'],
  },
  {
    files: ['src/models/**'],
    forbidden: ['application', 'workers', 'graphql', 'rest', 'http', 'service', 'formula', 'stats', 'data'],
  },
  {
    files: ['src/data/**'],
    forbidden: ['application', 'workers', 'graphql', 'rest', 'http', 'service', 'formula', 'stats', 'models'],
  },
  {
    files: ['src/numeric/**'],
    forbidden: ['application', 'workers', 'graphql', 'rest', 'http', 'service', 'formula', 'stats', 'models', 'data'],
  },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', '.aws-sam/**', 'coverage/**', '**/__generated__/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.node },
    rules: {
      // `_`-prefixed names are deliberately unused (a destructured field left out, a callback's position).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // TypeScript resolves names itself (typescript-eslint's advice).
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Tests and tools read answers of known shape as parsed JSON.
    files: ['test/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...LAYERS.map(({ files, forbidden }) => ({ files, rules: forbid(forbidden) })),
);

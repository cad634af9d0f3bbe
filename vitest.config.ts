import { defineConfig, type Plugin } from 'vitest/config';

/** Loads .graphql files as text, as esbuild's text loader does for the bundles. */
function graphqlText(): Plugin {
  return {
    name: 'graphql-text',
    transform(code, id) {
      return id.endsWith('.graphql') ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
    },
  };
}

export default defineConfig({
  plugins: [graphqlText()],
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) copies without an exports map. Node
    // and esbuild's node platform both load `main`, so the service and Apollo Server share one
    // GraphQLError class; Vite would hand our sources the `module` copy instead, and errors
    // Apollo raises would then fail `instanceof GraphQLError` and be masked as internal errors.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fastCheck.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks keep servers and s3rver instances in separate processes.
    pool: 'forks',
  },
});

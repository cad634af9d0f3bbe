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
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Forks keep servers and s3rver instances in separate processes.
    pool: 'forks',
  },
});

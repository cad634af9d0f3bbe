// Bundles the two entry points with esbuild. The Lambda bundle uses exactly the options that
// template.yaml gives SAM's esbuild build (test/deploy/template.test.ts checks they agree).
import { build } from 'esbuild';

/** esbuild options shared by every bundle. */
export const sharedOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: true,
  loader: { '.graphql': 'text' },
  // CommonJS dependencies call require(); an ESM bundle has to provide it.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  logLevel: 'warning',
};

/**
 * Apollo Server's reporting plugins, which it imports lazily only when they are not disabled.
 * createApolloServer disables them explicitly, so these imports never run: leaving them out of
 * the bundle drops ~240 KB (usage reporting's protobuf code) that every cold start would parse.
 */
export const NEVER_LOADED = ['*/plugin/usageReporting/index.js', '*/plugin/schemaReporting/index.js', '*/plugin/inlineTrace/index.js'];

/** The Lambda bundle, as SAM builds it. */
export const lambdaOptions = {
  ...sharedOptions,
  entryPoints: ['src/lambda.ts'],
  outfile: 'dist/lambda/lambda.mjs',
  minify: true,
  metafile: true,
  external: NEVER_LOADED,
};

/** The local server. */
export const localOptions = {
  ...sharedOptions,
  entryPoints: ['src/local.ts'],
  outfile: 'dist/local.mjs',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await Promise.all([build(lambdaOptions), build(localOptions)]);
}

// Bundles the two entry points with esbuild. The Lambda bundle uses exactly the options that
// template.yaml gives SAM's esbuild build (test/deploy/template.test.ts checks they agree).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { buildExplorer } from './build-web.mjs';
import { exitUnlessSupportedNode } from './check-node.mjs';

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
  // ES module builds first: esbuild can tree-shake them, not the CommonJS ones. For the AWS SDK
  // (whose CommonJS build is one file per package) this drops ~160 KB of the Lambda bundle and
  // ~50 ms of a cold start that reaches S3 (docs/performance.md).
  mainFields: ['module', 'main'],
};

/**
 * Apollo Server's reporting plugins, which it imports lazily only when they are not disabled.
 * createApolloServer disables them explicitly, so these imports never run: leaving them out of
 * the bundle drops ~240 KB (usage reporting's protobuf code) that every cold start would parse.
 */
export const NEVER_LOADED = [
  '*/plugin/usageReporting/index.js',
  '*/plugin/schemaReporting/index.js',
  '*/plugin/inlineTrace/index.js',
];

/**
 * The Lambda bundle, as SAM builds it. No source map: SAM's esbuild build appends
 * `--enable-source-maps` to the function's NODE_OPTIONS whenever it writes one, and Node then
 * parses the map at every cold start (docs/performance.md). esbuild's output is deterministic,
 * so `node scripts/build.mjs --lambda-sourcemap` rebuilds the same code with its map beside it
 * for decoding a deployed stack trace offline.
 */
export const lambdaOptions = {
  ...sharedOptions,
  entryPoints: ['src/lambda.ts'],
  outfile: 'dist/lambda/lambda.mjs',
  minify: true,
  sourcemap: false,
  metafile: true,
  external: NEVER_LOADED,
};

/** The local server and, beside it, the worker threads it computes fits on. */
export const localOptions = {
  ...sharedOptions,
  entryPoints: ['src/local.ts', 'src/fitWorker.ts'],
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  exitUnlessSupportedNode();
  const lambdaSourcemap = process.argv.includes('--lambda-sourcemap');
  // A map left by an earlier --lambda-sourcemap build would not match a later bundle.
  if (!lambdaSourcemap) await rm(`${lambdaOptions.outfile}.map`, { force: true });
  // GraphiQL's files beside the local server (dist/web/graphiql); the page itself is in both bundles.
  await Promise.all([build({ ...lambdaOptions, sourcemap: lambdaSourcemap }), build(localOptions), buildExplorer()]);
}

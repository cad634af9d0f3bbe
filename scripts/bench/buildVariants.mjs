// The Lambda bundle with one build choice undone each, for comparing cold starts side by side
// with scripts/bench/coldStartCompare.mjs (docs/performance.md):
//   dist/variants/maps/lambda.mjs       with its source map (run it with --enable-source-maps)
//   dist/variants/mainfirst/lambda.mjs  esbuild's default main fields (CommonJS builds first)
//   dist/variants/external/lambda.mjs   the AWS SDK left to the runtime (resolved from node_modules)
//
//   node scripts/bench/buildVariants.mjs
import { build } from 'esbuild';
import { lambdaOptions, NEVER_LOADED } from '../build.mjs';

const variants = {
  maps: { sourcemap: true },
  mainfirst: { mainFields: undefined },
  external: { external: [...NEVER_LOADED, '@aws-sdk/*', '@smithy/*'] },
};
await Promise.all(
  Object.entries(variants).map(([name, options]) => build({ ...lambdaOptions, ...options, outfile: `dist/variants/${name}/lambda.mjs` })),
);

// The Lambda bundle with one build choice undone each, for comparing cold starts side by side
// with scripts/bench/coldStartCompare.mjs (docs/performance.md):
//   dist/variants/maps/lambda.mjs          with its source map (run it with --enable-source-maps)
//   dist/variants/mainfirst/lambda.mjs     esbuild's default main fields (CommonJS builds first)
//   dist/variants/external/lambda.mjs      the AWS SDK left to the runtime (resolved from node_modules)
//   dist/variants/notracer/lambda.mjs      without the X-Ray tracer (metrics and logger context only)
//   dist/variants/statictracer/lambda.mjs  the tracer imported statically: evaluated at every start
//   dist/variants/nopage/lambda.mjs        without the web page's assets (src/http/__generated__/pageAssets.ts)
//
//   node scripts/bench/buildVariants.mjs
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { lambdaOptions, NEVER_LOADED } from '../build.mjs';

/** Replaces src/observability/xrayTracing.ts's source as `rewrite` says. */
const xrayTracing = (rewrite) => ({
  name: 'xray-tracing',
  setup(builder) {
    builder.onLoad({ filter: /observability[/\\]xrayTracing\.ts$/ }, async ({ path }) => ({
      contents: rewrite(await readFile(path, 'utf8')),
      loader: 'ts',
    }));
  },
});

/** The page's generated module emptied: what bundling the page costs the function. */
const noPage = {
  name: 'no-page',
  setup(builder) {
    builder.onLoad({ filter: /__generated__[/\\]pageAssets\.ts$/ }, () => ({
      contents: 'export const PAGE_ASSETS = [];',
      loader: 'ts',
    }));
  },
};

const variants = {
  nopage: { plugins: [noPage] },
  maps: { sourcemap: true },
  mainfirst: { mainFields: undefined },
  external: { external: [...NEVER_LOADED, '@aws-sdk/*', '@smithy/*'] },
  notracer: {
    plugins: [xrayTracing(() => "export async function loadXRayTracing() { throw new Error('not in this variant'); }")],
  },
  statictracer: {
    plugins: [
      xrayTracing((source) =>
        source
          .replace('import type { Tracer } from', 'import { Tracer } from')
          .replace("const { Tracer } = await import('@aws-lambda-powertools/tracer');", ''),
      ),
    ],
  },
};
await Promise.all(
  Object.entries(variants).map(([name, options]) =>
    build({ ...lambdaOptions, ...options, outfile: `dist/variants/${name}/lambda.mjs` }),
  ),
);

// Runs a TypeScript script of this repository: bundles it with esbuild (a dev dependency)
// into the OS temp directory and imports it. Usage: node scripts/run-ts.mjs <file.ts>
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (entry === undefined) {
  console.error('usage: node scripts/run-ts.mjs <file.ts>');
  process.exit(2);
}
const outfile = join(tmpdir(), `${basename(entry, '.ts')}-${process.pid}.mjs`);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile,
  logLevel: 'warning',
  loader: { '.graphql': 'text' },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; " +
      'const require = __createRequire(import.meta.url);',
  },
});
await import(pathToFileURL(outfile).href);

// Cold starts of several Lambda bundles (or environments), interleaved round by round so that
// load drift on a shared machine hits them alike: spawn → import → first answer to the sample
// fit events, with the model stored in S3 (s3rver on loopback) and in files.
//
//   node scripts/bench/coldStartCompare.mjs [--rounds 7] 'LABEL=BUNDLE[;NAME=VALUE…]' …
//
// e.g. 'before=/tmp/base/dist/lambda/lambda.mjs;NODE_OPTIONS=--enable-source-maps'
//      'after=dist/lambda/lambda.mjs;GLIBC_TUNABLES=glibc.malloc.hugetlb=1'
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '7' } },
  allowPositionals: true,
});
const configs = positionals.map((spec) => {
  const [head, ...settings] = spec.split(';');
  const [label, bundle] = head.split('=');
  return {
    label,
    bundle: resolve(bundle),
    env: Object.fromEntries(settings.map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)])),
  };
});

const s3 = spawn(
  process.execPath,
  ['--openssl-legacy-provider', join(root, 'scripts', 's3rver.mjs'), '--bucket', 'compare-models'],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const endpoint = await new Promise((done) =>
  s3.stdout.once('data', (d) => done(JSON.parse(String(d).split('\n')[0]).endpoint)),
);
const stores = {
  s3: () => ({
    MODEL_BUCKET: 'compare-models',
    S3_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  }),
  file: () => ({ MODEL_DIR: mkdtempSync(join(tmpdir(), 'cold-compare-')) }),
};
const results = new Map();
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const config of configs) {
      for (const [store, storeEnv] of Object.entries(stores)) {
        for (const event of ['rest-fit', 'graphql-fit']) {
          const env = storeEnv();
          const wall = await coldStart(config, event, env);
          if (env.MODEL_DIR) rmSync(env.MODEL_DIR, { recursive: true, force: true });
          const key = `${config.label} | ${store} | ${event}`;
          results.set(key, [...(results.get(key) ?? []), wall]);
        }
      }
    }
  }
} finally {
  s3.kill('SIGTERM');
}
for (const [key, walls] of results) {
  walls.sort((a, b) => a - b);
  console.log(
    `${key}: median ${walls[Math.floor(walls.length / 2)].toFixed(0)} ms ` +
      `(min ${walls[0].toFixed(0)}, max ${walls.at(-1).toFixed(0)}, n=${walls.length})`,
  );
}

function coldStart(config, event, storeEnv) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [join(here, 'coldStart.mjs'), config.bundle, join(root, 'events', `${event}.json`)],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          LOG_LEVEL: 'SILENT',
          NODE_ENV: 'production',
          ...config.env,
          ...storeEnv,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // Until coldStart.mjs's own line: the function's log and metric (EMF) lines come before it.
    let wall;
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (wall === undefined && stdout.includes('"sinceStartMs"')) wall = performance.now() - t0;
    });
    child.on('exit', (code) => (code === 0 ? done(wall) : fail(new Error(`${config.label} ${event} exited ${code}`))));
  });
}

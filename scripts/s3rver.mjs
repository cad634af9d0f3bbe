// Runs s3rver, a real S3-protocol server, on a loopback port for tests, the load run and local
// experiments. Prints one JSON line {"endpoint": …, "port": …} when ready; stops on SIGTERM,
// SIGINT or when its standard input closes (so it never outlives the process that started it).
//
// Start it with `node --openssl-legacy-provider scripts/s3rver.mjs [--port N] [--directory D]`:
// s3rver encrypts its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in
// its legacy provider.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    directory: { type: 'string' },
    bucket: { type: 'string', multiple: true, default: [] },
  },
});

const directory = values.directory ?? mkdtempSync(join(tmpdir(), 's3rver-'));
const server = new S3rver({
  port: Number(values.port),
  address: '127.0.0.1',
  directory,
  silent: true,
  configureBuckets: values.bucket.map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${port}`, port })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  if (!values.directory) rmSync(directory, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

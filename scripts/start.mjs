// `npm start`: runs the built local server (dist/local.mjs) in a child Node process with
// transparent huge pages for malloc'd memory (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, unless the
// variable is already set): the typed columns and design matrices of large fits are allocated
// there, and first-touch page faults are several times cheaper on huge pages
// (docs/performance.md). glibc reads the variable only at process start, hence the child.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exitUnlessSupportedNode } from './check-node.mjs';

exitUnlessSupportedNode();

const server = fileURLToPath(new URL('../dist/local.mjs', import.meta.url));
const child = spawn(process.execPath, [...process.execArgv, server, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

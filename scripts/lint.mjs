// `npm run lint` (and `npm run check`): ESLint with the layers of src/ as import boundaries,
// Prettier's check, and no line over 120 columns, over the project's code. `--fix` lets ESLint
// and Prettier rewrite what they can (`npm run format`). The toolchain lives in tools/lint with
// its own lockfile (tools/lint/README.md says why); it is installed there on first use.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tools = join(root, 'tools', 'lint');
const fix = process.argv.includes('--fix');
const MAX_COLUMNS = 120;
const CODE = ['src', 'test', 'scripts', 'tools/lint/eslint.config.mjs', 'vitest.config.ts'];
// The page's browser code: Prettier and the line limit (ESLint's rules above are for Node's code).
const WEB = ['web'];
const GENERATED = /\/__generated__\//;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

// Installed from its lockfile when missing or older than the lockfile.
const installed = join(tools, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(tools, 'package-lock.json')).mtimeMs) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (run(npm, ['ci', '--prefix', tools, '--no-audit', '--no-fund', '--loglevel=error']) !== 0) process.exit(1);
}

const bin = (name) => join(tools, 'node_modules', '.bin', name);
let failed = false;
failed ||= run(bin('eslint'), ['--config', join(tools, 'eslint.config.mjs'), ...(fix ? ['--fix'] : []), ...CODE]) !== 0;
const patterns = [
  'src/**/*.ts',
  'test/**/*.{ts,mjs}',
  'scripts/**/*.{ts,mjs}',
  'tools/lint/eslint.config.mjs',
  'vitest.config.ts',
  'web/**/*.{ts,tsx,css}',
];
failed ||= run(bin('prettier'), [fix ? '--write' : '--check', '--log-level', 'warn', ...patterns]) !== 0;

// Prettier keeps lines to 120 where it can; strings and comments it leaves as written.
const long = [];
for (const file of files([...CODE, ...WEB])) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if ([...line].length > MAX_COLUMNS) long.push(`${relative(root, file)}:${i + 1} (${[...line].length} columns)`);
    });
}
if (long.length > 0) {
  console.error(`${long.length} lines over ${MAX_COLUMNS} columns:\n  ${long.slice(0, 40).join('\n  ')}`);
  failed = true;
}
process.exit(failed ? 1 : 0);

function files(paths) {
  const out = [];
  const visit = (path) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path))
        if (entry !== 'node_modules' && entry !== 'fixtures') visit(join(path, entry));
    } else if (/\.(ts|tsx|mjs)$/.test(path) && !GENERATED.test(path)) out.push(path);
  };
  for (const path of paths) visit(join(root, path));
  return out;
}

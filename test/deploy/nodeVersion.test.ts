/**
 * The Node.js version: package.json's `engines`, the README and `npm start` agree. On an older
 * Node, `npm start` (scripts/build.mjs, then scripts/start.mjs) stops at once with one line that
 * says what to do, instead of building and failing somewhere later. Run with an older `node`
 * binary when the machine has one (Debian's Node 20 beside the project's Node 22, say).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types.
import { nodeVersionProblem } from '../../scripts/check-node.mjs';

const engines: string = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;
const minimum = /^>=(\d+\.\d+)$/.exec(engines)?.[1];

/** `node` binaries on this machine older than `engines` wants. */
const onPath = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n');
const older = [...new Set([...onPath, '/usr/bin/node', '/usr/local/bin/node'])]
  .filter((path) => path !== '')
  .map((path) => ({
    path,
    version: spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim(),
  }))
  .filter(({ version }) => version && nodeVersionProblem(version) !== undefined);

describe('the Node.js version', () => {
  it('is stated alike in package.json and the README', () => {
    expect(minimum, `engines.node is ${engines}`).toBeDefined();
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`Needs Node.js ${minimum} or newer (\`engines\` in package.json)`);
  });

  it.each([
    ['20.20.2', true],
    ['22.11.0', true],
    ['22.12.0', false],
    ['22.23.3', false],
    ['23.0.0', false],
    ['24.1.0', false],
  ])('Node %s is refused: %s', (version, refused) => {
    const problem: string | undefined = nodeVersionProblem(version, '>=22.12');
    expect(problem !== undefined).toBe(refused);
    if (refused) {
      expect(problem).toContain('Node.js 22.12 or newer');
      expect(problem).toContain(`this is Node.js ${version}`);
    }
  });

  it('accepts the Node that runs the tests', () => {
    expect(nodeVersionProblem()).toBeUndefined();
  });

  it.skipIf(older.length === 0).each(older)('stops npm start on $path (Node $version) with one line', (node) => {
    const { path, version } = node;
    for (const script of ['scripts/build.mjs', 'scripts/start.mjs']) {
      const run = spawnSync(path, [script], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([nodeVersionProblem(version)]);
    }
  });
});

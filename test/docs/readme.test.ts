/**
 * The README's examples, run as a reader would paste them: every ```sh block that talks to the
 * local server (127.0.0.1:4000), in order, in one bash session (so MODEL_ID carries over), against
 * a local server on a free port. Each command must succeed; each answer must match the `# → …` line
 * under it (`…` is anything; a number quoted with decimals matches to those decimals), and the fit
 * must give the coefficients the prose after it quotes. Every command that prints must have such a
 * line, so an example cannot change without its documented answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startLocalServer, type LocalServer } from '../../src/local.js';

type Json = any;

const README = readFileSync('README.md', 'utf8');
const LOCAL = '127.0.0.1:4000';

/** One command of a block, and the answer documented under it. */
interface Statement {
  readonly block: number;
  readonly command: string;
  readonly expected?: string;
}

/** The ```sh blocks that call the local server, with where each ends in the README. */
function localBlocks(): { text: string; end: number }[] {
  return [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
    .filter((match) => match[1]!.includes(LOCAL))
    .map((match) => ({ text: match[1]!, end: match.index! + match[0].length }));
}

/**
 * A block's commands: lines joined while a single quote is open or a line ends in a backslash
 * (the README's commands use no other multi-line constructs); `# → …` belongs to the command above.
 */
function statementsOf(block: string, index: number): Statement[] {
  const statements: { block: number; command: string; expected?: string }[] = [];
  let pending: string[] = [];
  for (const line of block.split('\n')) {
    if (pending.length === 0) {
      const expectation = /^# → (.*)$/.exec(line);
      if (expectation) {
        const last = statements.at(-1);
        expect(last, `"${line}" follows no command`).toBeDefined();
        last!.expected = expectation[1]!;
        continue;
      }
      if (line.trim() === '' || line.startsWith('#')) continue;
    }
    pending.push(line);
    const text = pending.join('\n');
    const quotes = (text.match(/'/g) ?? []).length;
    if (quotes % 2 === 0 && !line.endsWith('\\')) {
      statements.push({ block: index, command: text });
      pending = [];
    }
  }
  expect(pending, 'a command is left unfinished').toEqual([]);
  return statements;
}

/**
 * The documented answer as a pattern: the JSON after `# →` (a note after two spaces and a
 * parenthesis is dropped), where `…`, `{…}` and `[…]` are any value and `, …` leaves an object open.
 */
function patternOf(expected: string): Json {
  const json = expected
    .replace(/\s{2,}\(.*$/, '')
    .replace(/,\s*…\s*(?=[}\]])/g, '')
    .replace(/\{…\}|\[…\]|"…"|…/g, '"…"');
  return JSON.parse(json);
}

/** The decimals a number is written with (in its own notation: 6.08e-07 has 2 → ±0.005e-07). */
function toleranceOf(written: string): number {
  const [mantissa, exponent] = written.toLowerCase().split('e');
  const decimals = mantissa!.split('.')[1]?.length ?? 0;
  const scale = 10 ** Number(exponent ?? 0);
  return decimals === 0 ? 1e-9 * Math.max(1, Math.abs(Number(written))) : 0.5 * 10 ** -decimals * scale;
}

/** Whether `actual` matches the pattern; the mismatches, by path. */
function mismatches(actual: Json, pattern: Json, written: string, path = '$'): string[] {
  if (pattern === '…') return [];
  if (typeof pattern === 'number') {
    // The number as written in the README, for its tolerance: the first occurrence of its value.
    const numbers = [...written.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi)].map((match) => match[0]);
    const tolerance = toleranceOf(numbers.find((candidate) => Number(candidate) === pattern) ?? String(pattern));
    const close = typeof actual === 'number' && Math.abs(actual - pattern) <= tolerance;
    return close ? [] : [`${path}: ${JSON.stringify(actual)} is not ${pattern} ± ${tolerance}`];
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual) || actual.length !== pattern.length) {
      return [`${path}: ${JSON.stringify(actual)} is not an array of ${pattern.length}`];
    }
    return pattern.flatMap((item, index) => mismatches(actual[index], item, written, `${path}[${index}]`));
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: ${JSON.stringify(actual)} is not an object`];
    return Object.entries(pattern).flatMap(([key, item]) =>
      key in actual ? mismatches(actual[key], item, written, `${path}.${key}`) : [`${path}: no ${key}`],
    );
  }
  return actual === pattern ? [] : [`${path}: ${JSON.stringify(actual)} is not ${JSON.stringify(pattern)}`];
}

/** Runs a bash script to its end (killed after a minute); its status, stdout and stderr. */
interface BashRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function runBash(script: string, cwd: string): Promise<BashRun> {
  const child = spawn('bash', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { status, stdout, stderr };
}

const tools = Object.fromEntries(['bash', 'curl', 'jq'].map((tool) => [tool, spawnSync('which', [tool]).status === 0]));

describe("README.md's examples, run against the local server", () => {
  let server: LocalServer;
  let directory: string;
  let outputs: string[];
  let statements: Statement[];

  beforeAll(async () => {
    for (const [tool, found] of Object.entries(tools)) {
      const install = `apt-get install ${tool}; .ci/run installs jq`;
      expect(found, `${tool} is not installed: the README's examples need it (${install})`).toBe(true);
    }
    directory = await mkdtemp(join(tmpdir(), 'readme-'));
    const config = loadConfig({ PORT: '0', MODEL_DIR: directory, LOG_LEVEL: 'SILENT', FIT_WORKERS: '0' });
    server = await startLocalServer(config);
    const host = new URL(server.url).host;
    statements = localBlocks().flatMap((block, index) => statementsOf(block.text, index));
    // One session, a marker before each command, stopping at the first that fails.
    const script = [
      'set -euo pipefail',
      ...statements.flatMap((statement, index) => [
        `printf '\\n@@@ ${index} @@@\\n'`,
        statement.command.replaceAll(LOCAL, host),
      ]),
      `printf '\\n@@@ end @@@\\n'`,
    ].join('\n');
    // Not spawnSync: the server answers from this process's event loop.
    const run = await runBash(script, directory);
    const parts = run.stdout.split(/\n@@@ (\d+|end) @@@\n/);
    const reached = parts.filter((_part, index) => index % 2 === 1);
    const failed = statements[Number(reached.at(-1))];
    expect(run.status, `failed: ${failed?.command}\n${run.stderr}`).toBe(0);
    expect(reached.at(-1)).toBe('end');
    outputs = parts.filter((_part, index) => index % 2 === 0).slice(1, -1);
  }, 90_000);

  afterAll(async () => {
    await server?.close();
  });

  it('has examples for every kind of request: fit, predict, look up, list, delete, and the REST routes', () => {
    const commands = statements.map((statement) => statement.command).join('\n');
    for (const operation of ['fitModel', 'predict(', 'model(id', 'models(first', 'deleteModel', '/fit', '/predict']) {
      expect(commands).toContain(operation);
    }
    expect(outputs).toHaveLength(statements.length);
  });

  it('answers each example as the line under it says', () => {
    for (const [index, statement] of statements.entries()) {
      const output = outputs[index]!.trim();
      if (statement.expected === undefined) {
        expect(output, `${statement.command}\nprints, but the README says nothing of what`).toBe('');
        continue;
      }
      const answer = JSON.parse(output);
      expect(mismatches(answer, patternOf(statement.expected), statement.expected), statement.command).toEqual([]);
      expect(answer.errors, statement.command).toBeUndefined();
      expect(answer.error, statement.command).toBeUndefined();
    }
  });

  it('gives the coefficients the prose after the fit quotes', () => {
    const fit = localBlocks()[0]!;
    const prose = README.slice(fit.end, README.indexOf('\n#', fit.end));
    const quoted = [...prose.matchAll(/`([^`]+)` ([−-]?[\d.]+) \(se ([\d.]+),\s+p ([\d.e-]+)\)/g)];
    expect(quoted.map((match) => match[1])).toEqual(['Intercept', 'Treatment[T.B]']);
    const printed = statements.findIndex((statement) => statement.block === 0 && statement.expected !== undefined);
    const coefficients: Json[] = JSON.parse(outputs[printed]!).data.fitModel.coefficients;
    for (const [, name, estimate, se, p] of quoted) {
      const coefficient = coefficients.find((candidate) => candidate.name === name);
      const pairs: [number, string][] = [
        [coefficient.estimate, estimate!.replace('−', '-')],
        [coefficient.stdError, se!],
        [coefficient.pValue, p!],
      ];
      for (const [actual, written] of pairs) {
        const difference = Math.abs(actual - Number(written));
        expect(difference, `${name}: ${actual} vs ${written}`).toBeLessThanOrEqual(toleranceOf(written));
      }
    }
  });

  it('keeps models where it says: ./.models/models/{id}.json (MODEL_DIR), the deleted one gone', () => {
    const rest = statements.findIndex((statement) => statement.expected?.includes('"modelId"'));
    const { modelId } = JSON.parse(outputs[rest]!);
    expect(README).toContain('`./.models/models/{id}.json`');
    expect(readdirSync(join(directory, 'models'))).toEqual([`${modelId}.json`]);
  });
});

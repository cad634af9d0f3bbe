import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
// @ts-expect-error: a plain ES module without types.
import { localOptions } from '../../scripts/build.mjs';

/**
 * The local server bundle (`npm start`'s dist/local.mjs, with its fit worker beside it), built
 * fresh into a temporary directory.
 */
export async function buildLocalBundle(): Promise<string> {
  const outdir = await mkdtemp(join(tmpdir(), 'local-bundle-'));
  await build({ ...localOptions, outdir });
  return join(outdir, 'local.mjs');
}

/** The built local server running in a child process, with its stdout read as JSON log lines. */
export interface ChildServer {
  readonly url: string;
  /** The server's process id (its /proc entry tells its memory). */
  readonly pid: number;
  /** Every JSON line the server printed so far. */
  readonly logs: Record<string, any>[];
  /** Lines that were not JSON (there should be none). */
  readonly otherOutput: string[];
  /** Resolves with the first log line `match` accepts, waiting for it up to `timeoutMs`. */
  waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** Ends the server with SIGKILL, as a crash or a lost container would: no cleanup runs. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** Environment variables for the server (PATH is passed through; nothing else is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** `ulimit -f` (bash): the largest file the server may write, in 1,024-byte blocks. */
  readonly fileSizeLimitBlocks?: number;
}

/** Starts the bundle with `env`; resolves once it prints the line saying where it listens. */
export async function startChildServer(bundle: string, options: ChildServerOptions): Promise<ChildServer> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: '0', ...options.env };
  const child: ChildProcess =
    options.fileSizeLimitBlocks === undefined
      ? spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(
          '/bin/bash',
          ['-c', `ulimit -f ${options.fileSizeLimitBlocks} && exec "$0" "$1"`, process.execPath, bundle],
          {
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
  const logs: Record<string, any>[] = [];
  const otherOutput: string[] = [];
  const waiters = new Set<() => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      try {
        logs.push(JSON.parse(line) as Record<string, any>);
      } catch {
        otherOutput.push(line);
      }
      for (const wake of waiters) wake();
    });
  }

  const waitForLog = (match: (line: Record<string, any>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const check = () => {
        const found = logs.find(match);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no such log line within ${timeoutMs} ms; output so far:\n` +
              `${[...otherOutput, ...logs.map((line) => JSON.stringify(line))].join('\n')}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      void exited.then(() => {
        if (waiters.has(check)) {
          cleanup();
          reject(
            new Error(
              `the server exited; output:\n${[...otherOutput, ...logs.map((line) => JSON.stringify(line))].join('\n')}`,
            ),
          );
        }
      });
      check();
    });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const crash = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  try {
    const listening = await waitForLog(
      (line) => typeof line.message === 'string' && line.message.startsWith('listening on '),
      20_000,
    );
    const url = /listening on (http:\/\/[^\s]+)/.exec(listening.message as string)![1]!;
    return { url, pid: child.pid!, logs, otherOutput, waitForLog, crash, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

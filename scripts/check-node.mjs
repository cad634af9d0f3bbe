// The Node.js version package.json's `engines` asks for, checked before anything else runs:
// `npm start` and `npm run build` on an older Node stop with one line that says what to do.
//
//   node scripts/check-node.mjs    (exit 1 with that line when this Node is too old)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENGINES = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;

/** Why Node `version` cannot run the project (engines `range`, of the form ">=22.12"), or undefined. */
export function nodeVersionProblem(version = process.versions.node, range = ENGINES) {
  const minimum = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!minimum) throw new Error(`package.json engines.node must read ">=MAJOR.MINOR", got ${JSON.stringify(range)}`);
  const wanted = minimum.slice(1).map((part) => Number(part ?? 0));
  const have = version.split('.').map(Number);
  for (let index = 0; index < 3; index++) {
    if (have[index] > wanted[index]) return undefined;
    if (have[index] < wanted[index]) {
      const needed = wanted.slice(0, minimum[3] === undefined ? 2 : 3).join('.');
      const install = `install Node.js ${wanted[0]} (https://nodejs.org, or \`nvm install ${wanted[0]}\`)`;
      const needs = `serverless-regression needs Node.js ${needed} or newer (package.json "engines")`;
      return `${needs}, and this is Node.js ${version}: ${install} and run the command again.`;
    }
  }
  return undefined;
}

/** Stops the process with that one line when this Node is too old. */
export function exitUnlessSupportedNode() {
  const problem = nodeVersionProblem();
  if (problem === undefined) return;
  console.error(problem);
  process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) exitUnlessSupportedNode();

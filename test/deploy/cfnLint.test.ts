/**
 * cfn-lint (AWS's CloudFormation linter, Python) on template.yaml, beside the SAM schema check of
 * template.test.ts: it runs SAM's transform and checks the CloudFormation that results against
 * the resource provider schemas (property types, allowed values, references, conditions). It is
 * not an npm package (docs/deploy.md says why), so this runs where `cfn-lint` is on the PATH
 * (.ci/run installs it when pip can) and says so when it is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const available = version.status === 0;
if (!available) {
  console.warn('cfn-lint is not on the PATH: template.yaml is checked against the SAM schema only (docs/deploy.md)');
}

interface Match {
  readonly Rule: { readonly Id: string };
  readonly Level: string;
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
}

/** cfn-lint's findings on a template file, for the regions the stack may be deployed in. */
function lint(file: string): Match[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--regions', 'us-east-1', 'eu-west-1', '--', file], {
    encoding: 'utf8',
    env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
  });
  expect(run.error).toBeUndefined();
  return JSON.parse(run.stdout || '[]') as Match[];
}

describe.skipIf(!available)(`cfn-lint (${version.stdout?.trim() || 'not installed'})`, () => {
  it('finds nothing in template.yaml', () => {
    const findings = lint('template.yaml');
    expect(findings.map((match) => `${match.Rule.Id} ${match.Location.Path.join('/')}: ${match.Message}`)).toEqual([]);
  }, 60_000);

  it('finds what is wrong in a broken copy (so the check above can fail)', () => {
    const broken = readFileSync('template.yaml', 'utf8')
      .replace('RetentionInDays: !Ref LogRetentionDays', 'RetentionInDays: 17')
      .replace('ComparisonOperator: GreaterThanOrEqualToThreshold', 'ComparisonOperator: AtLeast');
    const file = join(mkdtempSync(join(tmpdir(), 'cfn-lint-')), 'template.yaml');
    writeFileSync(file, broken);
    const errors = lint(file).filter((match) => match.Level === 'Error');
    const paths = errors.map((match) => match.Location.Path.join('/'));
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/LogGroup\/Properties\/RetentionInDays$/),
        expect.stringMatching(/Alarm\/Properties\/ComparisonOperator$/),
      ]),
    );
  }, 60_000);
});

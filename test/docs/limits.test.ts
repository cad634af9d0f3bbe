/**
 * One source of truth for limits: the code. Every limit README.md, docs/reliability.md and
 * docs/formula.md quote is checked against it, so that the docs cannot drift again (they once
 * said 20,000 formula characters and 10,000 columns where the service enforced 10,000 and 500).
 *
 * - Configuration variables: each default a doc quotes (in a table row, or inline as
 *   "`VAR` (N …") must be what `loadConfig` uses when the variable is unset, probed through
 *   `loadConfig` itself, so new variables need no entry here; every integer variable config.ts
 *   reads must be in the README's table, and every service limit (`LIMIT_VARIABLES`) in both
 *   tables with its `DEFAULT_LIMITS` value.
 * - Fixed bounds (the formula module's backstops, JSON nesting, GraphQL directives): each phrase in
 *   FIXED must be in its doc with the code's value; and every "N characters", "N columns"… in the
 *   Limits sections must be one of the phrases checked, so that a new one cannot go unchecked.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_MAX_DEPTH } from '../../src/data/index.js';
import { MAX_POLY_LEVELS } from '../../src/formula/contrasts.js';
import { MAX_LEVELS } from '../../src/formula/factorValues.js';
import { DEFAULT_FORMULA_LIMITS } from '../../src/formula/index.js';
import { MAX_DIRECTIVES } from '../../src/graphql/createApolloServer.js';
import { InMemoryModelRepository } from '../../src/models/index.js';
import { RegressionService } from '../../src/service/index.js';
import { DEFAULT_LIMITS, LIMIT_VARIABLES } from '../../src/service/limits.js';

const DOCS = ['README.md', 'docs/reliability.md', 'docs/formula.md'] as const;
type Doc = (typeof DOCS)[number];
const text = Object.fromEntries(DOCS.map((doc) => [doc, readFileSync(doc, 'utf8')])) as Record<Doc, string>;

/** A number as the docs write it: `6,000,000`, `6000000`, `20 000`, `2^28`, `2²⁸`. */
function numberOf(written: string): number {
  const superscripts = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const exponent = (digits: string): string => [...digits].map((d) => superscripts.indexOf(d)).join('');
  const plain = written.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/, (digits) => `^${exponent(digits)}`);
  const power = /^(\d+)\^(\d+)$/.exec(plain);
  if (power) return Number(power[1]) ** Number(power[2]);
  return Number(plain.replace(/[, \u202f\u00a0]/g, ''));
}

/** A written number: digits with separators, or one digit, and maybe a power (`^28`, `²⁸`). */
const POWER = String.raw`(?:\^\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?`;
const NUMBER = String.raw`\d[\d, \u202f\u00a0]*\d${POWER}|\d${POWER}`;

/** A documented default of a configuration variable, and where it is written. */
interface Quoted {
  readonly doc: Doc;
  readonly variable: string;
  readonly value: number;
  readonly where: string;
}

/** Table rows whose first cell names variables and whose second cell gives their numeric defaults. */
function tableDefaults(doc: Doc): Quoted[] {
  const quoted: Quoted[] = [];
  for (const line of text[doc].split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || cells[0] !== '') continue;
    const variables = [...cells[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!);
    if (variables.length === 0) continue;
    const values =
      cells[2]!.split(',').length === variables.length && variables.length > 1
        ? cells[2]!.split(',').map((value) => value.replace(/`/g, '').trim())
        : [cells[2]!.replace(/`/g, '').trim()];
    if (values.length !== variables.length) continue;
    variables.forEach((variable, i) => {
      const value = values[i]!;
      if (new RegExp(`^(${NUMBER})$`).test(value))
        quoted.push({ doc, variable, value: numberOf(value), where: line.slice(0, 80) });
    });
  }
  return quoted;
}

/** "`VAR` (N …": a default quoted in prose. */
function inlineDefaults(doc: Doc): Quoted[] {
  const pattern = new RegExp(`\`([A-Z][A-Z0-9_]+)\` \\((${NUMBER})(?:[ )]|$)`, 'g');
  return [...text[doc].matchAll(pattern)].map((match) => ({
    doc,
    variable: match[1]!,
    value: numberOf(match[2]!),
    where: match[0],
  }));
}

const QUOTED = DOCS.flatMap((doc) => [...tableDefaults(doc), ...inlineDefaults(doc)]);

/** Variables some settings only matter with (S3's only with a bucket). */
const BASE_ENV = { MODEL_BUCKET: 'docs-check' };

/** Whether `value` is the default of `variable`: setting it changes nothing, and a neighbour does. */
function isDefault(variable: string, value: number): { isDefault: boolean; read: boolean } {
  const unset = loadConfig(BASE_ENV);
  const neighbours = [value + 1, value - 1].flatMap((neighbour) => {
    try {
      return [loadConfig({ ...BASE_ENV, [variable]: String(neighbour) })];
    } catch {
      return []; // out of the variable's range
    }
  });
  return {
    isDefault: isDeepStrictEqual(loadConfig({ ...BASE_ENV, [variable]: String(value) }), unset),
    read: neighbours.length > 0 && !isDeepStrictEqual(neighbours[0], unset),
  };
}

describe('configuration defaults the docs quote', () => {
  it('finds them (the tables and the prose were read)', () => {
    expect(QUOTED.filter((q) => q.doc === 'README.md').length).toBeGreaterThanOrEqual(14);
    expect(QUOTED.filter((q) => q.doc === 'docs/reliability.md').length).toBeGreaterThanOrEqual(12);
    expect(QUOTED.filter((q) => q.doc === 'docs/formula.md').length).toBeGreaterThanOrEqual(2);
  });

  const cases = QUOTED.map((q) => [`${q.doc}: ${q.variable} = ${q.value}`, q] as const);
  it.each(cases)('%s is the default in code', (_name, q) => {
    expect(isDefault(q.variable, q.value), `${q.doc}: ${q.where}`).toEqual({ isDefault: true, read: true });
  });

  it('covers every service limit in the README and reliability.md tables, at DEFAULT_LIMITS', () => {
    for (const [key, variable] of Object.entries(LIMIT_VARIABLES) as [keyof typeof DEFAULT_LIMITS, string][]) {
      for (const doc of ['README.md', 'docs/reliability.md'] as const) {
        const rows = tableDefaults(doc).filter((q) => q.variable === variable);
        expect(
          rows.map((q) => q.value),
          `${variable} in ${doc}`,
        ).toEqual([DEFAULT_LIMITS[key]]);
      }
    }
  });

  it('lists every integer variable config.ts reads in the README table', () => {
    const source = readFileSync('src/config.ts', 'utf8');
    const read = [...source.matchAll(/integer\(env, '([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]!);
    expect(read.length).toBeGreaterThanOrEqual(10);
    const table = text['README.md'].split('\n').filter((line) => line.startsWith('| `'));
    for (const variable of read) {
      expect(
        table.some((line) => line.split('|')[1]!.includes(`\`${variable}\``)),
        variable,
      ).toBe(true);
    }
  });
});

/**
 * Fixed bounds, as each doc phrases them (`#` is the number; any run of spaces may be a line
 * break), with the code's value.
 */
const FIXED: readonly { doc: Doc; phrase: string; value: number }[] = [
  {
    doc: 'docs/formula.md',
    phrase: 'backstops whatever the configuration: # tokens per formula',
    value: DEFAULT_FORMULA_LIMITS.maxTokens,
  },
  { doc: 'docs/formula.md', phrase: 'nesting of # levels of parentheses', value: DEFAULT_FORMULA_LIMITS.maxDepth },
  {
    doc: 'docs/formula.md',
    phrase: '# operations in one expression',
    value: DEFAULT_FORMULA_LIMITS.maxExpressionDepth,
  },
  { doc: 'docs/formula.md', phrase: 'expansion to # terms', value: DEFAULT_FORMULA_LIMITS.maxTerms },
  {
    doc: 'docs/formula.md',
    phrase: 'with # categorical factors in one term',
    value: DEFAULT_FORMULA_LIMITS.maxCategoricalFactorsPerTerm,
  },
  { doc: 'docs/formula.md', phrase: '# levels per factor', value: MAX_LEVELS },
  { doc: 'docs/formula.md', phrase: '(# for `Poly`)', value: MAX_POLY_LEVELS },
  { doc: 'docs/formula.md', phrase: 'Poly accepts at most # levels', value: MAX_POLY_LEVELS },
  { doc: 'docs/formula.md', phrase: 'bounds a formula to # characters', value: DEFAULT_FORMULA_LIMITS.maxLength },
  { doc: 'docs/formula.md', phrase: 'characters and a design to # columns', value: DEFAULT_FORMULA_LIMITS.maxColumns },
  { doc: 'docs/reliability.md', phrase: 'Fixed bounds: # tokens per formula', value: DEFAULT_FORMULA_LIMITS.maxTokens },
  { doc: 'docs/reliability.md', phrase: '# levels of JSON nesting', value: DEFAULT_MAX_DEPTH },
  { doc: 'docs/reliability.md', phrase: '# distinct levels per factor', value: MAX_LEVELS },
  {
    doc: 'docs/reliability.md',
    phrase: '# categorical factors per term',
    value: DEFAULT_FORMULA_LIMITS.maxCategoricalFactorsPerTerm,
  },
  { doc: 'docs/reliability.md', phrase: '# directives per GraphQL document', value: MAX_DIRECTIVES },
];

/** The phrase as a pattern: its text literally, `#` a number (the first group), spaces any whitespace. */
function patternOf(phrase: string): RegExp {
  const literal = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(literal.replace('#', `(${NUMBER})`));
}

describe('fixed bounds the docs quote', () => {
  const cases = FIXED.map((entry) => [`${entry.doc}: "${entry.phrase}" is ${entry.value}`, entry] as const);
  it.each(cases)('%s', (_name, entry) => {
    const match = patternOf(entry.phrase).exec(text[entry.doc]);
    expect(match, `"${entry.phrase}" in ${entry.doc}`).not.toBeNull();
    expect(numberOf(match![1]!)).toBe(entry.value);
  });

  it('is right that the service sets the formula module’s length bound to MAX_FORMULA_LENGTH', async () => {
    const service = new RegressionService({
      repository: new InMemoryModelRepository(),
      limits: { ...DEFAULT_LIMITS, maxFormulaLength: 2 * DEFAULT_FORMULA_LIMITS.maxLength },
    });
    // A formula longer than the module's own bound, in a few tokens: one long column name.
    const name = 'x'.repeat(DEFAULT_FORMULA_LIMITS.maxLength + 10);
    const rows = [1, 2, 3, 4].map((v) => ({ [name]: v, y: v % 3 }));
    const fitted = await service.fit(
      { formula: `y ~ Q("${name}")`, data: { kind: 'records', rows } },
      { tenant: undefined },
    );
    expect(fitted.rank).toBe(2);
    const refusal = new RegressionService({ repository: new InMemoryModelRepository() }).fit(
      { formula: `y ~ Q("${name}")`, data: { kind: 'records', rows } },
      { tenant: undefined },
    );
    await expect(refusal).rejects.toMatchObject({ reason: 'LIMIT_EXCEEDED', limit: 'MAX_FORMULA_LENGTH' });
  });

  /** "N characters", "N columns"… in the Limits sections: each must be a checked phrase. */
  const UNIT = String.raw`(?:characters|tokens|levels|terms|columns|cells|operations|categorical factors|directives)`;
  const sections = ['docs/formula.md', 'docs/reliability.md'] as const;
  it.each(sections)('leaves no limit in the Limits section of %s unchecked', (doc) => {
    const section = /\n## Limits\n([\s\S]*?)(?=\n## )/.exec(text[doc])![1]!;
    const start = text[doc].indexOf(section);
    const checked: [number, number][] = [];
    for (const entry of FIXED.filter((e) => e.doc === doc)) {
      const match = patternOf(entry.phrase).exec(text[doc]);
      if (match) checked.push([match.index, match.index + match[0].length]);
    }
    for (const q of inlineDefaults(doc)) {
      const at = text[doc].indexOf(q.where);
      checked.push([at, at + q.where.length]);
    }
    // Table rows are checked whole by the configuration tests; their prose holds timings, not limits.
    const prose = section
      .split('\n')
      .map((line) => (line.startsWith('|') ? ' '.repeat(line.length) : line))
      .join('\n');
    const unchecked = [...prose.matchAll(new RegExp(`(${NUMBER})\\s+(?:distinct\\s+)?${UNIT}`, 'g'))]
      .filter((match) => !checked.some(([from, to]) => start + match.index! >= from && start + match.index! < to))
      .map((match) => match[0]);
    expect(unchecked).toEqual([]);
  });
});

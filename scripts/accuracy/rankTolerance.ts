/**
 * Measures what the rank tolerance has to separate (docs/accuracy.md, "Rank tolerance"):
 * the relative remaining norm (|R_jj| / ‖column j‖, what R's dqrdc2 compares with `tol`) of
 *  - columns that are exact linear combinations of earlier ones in real arithmetic but were
 *    computed in double precision (rounding is all that keeps them off the span), for row
 *    counts from 50 to 10^6;
 *  - genuinely independent but badly conditioned columns: NIST Filip's x^10 and the cubic
 *    in x near 1000 of the reference cases.
 * Run: node scripts/run-ts.mjs scripts/accuracy/rankTolerance.ts
 */
import { readFileSync } from 'node:fs';
import { tsqr } from '../../src/stats/qr.js';

type Column = (i: number) => number;

/** |R_jj| / ‖x_j‖ of the last column, from our block QR of the whole design. */
function lastColumnRatio(n: number, columns: readonly Column[]): number {
  const p = columns.length;
  const x = new Float64Array(n * p);
  columns.forEach((c, j) => {
    for (let i = 0; i < n; i++) x[j * n + i] = c(i);
  });
  const f = tsqr(
    (start, count, out, stride) => {
      for (let j = 0; j < p; j++) out.set(x.subarray(j * n + start, j * n + start + count), j * stride);
    },
    { rows: n, columns: p, extraColumns: 0, keepReflectors: false },
  );
  const j = p - 1;
  let norm = 0;
  for (let i = 0; i <= j; i++) norm += (f.r[i * p + j] as number) ** 2;
  return Math.abs(f.r[j * p + j] as number) / Math.sqrt(norm);
}

function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function normals(n: number, seed: number): Float64Array {
  const u = generator(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/** x − mean(x) after 1 and x: the cancellation grows with |mean|/sd. */
function centred(n: number, seed: number, offset: number): Column[] {
  const x = normals(n, seed).map((v) => offset + v);
  const mean = x.reduce((a, b) => a + b, 0) / n;
  return [() => 1, (i) => x[i] as number, (i) => (x[i] as number) - mean];
}

const constructions: Record<string, (n: number, seed: number) => Column[]> = {
  'w = x + z': (n, seed) => {
    const x = normals(n, seed);
    const z = normals(n, seed + 1);
    return [() => 1, (i) => x[i] as number, (i) => z[i] as number, (i) => (x[i] as number) + (z[i] as number)];
  },
  'w = 3.7x − 1.3z + 0.1': (n, seed) => {
    const x = normals(n, seed);
    const z = normals(n, seed + 1);
    return [
      () => 1,
      (i) => x[i] as number,
      (i) => z[i] as number,
      (i) => 3.7 * (x[i] as number) - 1.3 * (z[i] as number) + 0.1,
    ];
  },
  'w = 1000x + z/1000 (scales apart)': (n, seed) => {
    const x = normals(n, seed);
    const z = normals(n, seed + 1);
    return [
      () => 1,
      (i) => x[i] as number,
      (i) => z[i] as number,
      (i) => 1000 * (x[i] as number) + (z[i] as number) / 1000,
    ];
  },
  'log(x·z) beside log x, log z': (n, seed) => {
    const u = generator(seed);
    const x = Float64Array.from({ length: n }, () => 0.5 + 1.5 * u());
    const z = Float64Array.from({ length: n }, () => 0.5 + 1.5 * u());
    return [
      () => 1,
      (i) => Math.log(x[i] as number),
      (i) => Math.log(z[i] as number),
      (i) => Math.log((x[i] as number) * (z[i] as number)),
    ];
  },
  'centred x beside x and 1, mean = 100 sd': (n, seed) => centred(n, seed, 100),
  'centred x beside x and 1, mean = 1e4 sd': (n, seed) => centred(n, seed, 1e4),
  'all four dummies beside the intercept': (n, seed) => {
    const u = generator(seed);
    const g = Int32Array.from({ length: n }, () => Math.floor(4 * u()));
    return [
      () => 1,
      (i) => (g[i] === 1 ? 1 : 0),
      (i) => (g[i] === 2 ? 1 : 0),
      (i) => (g[i] === 3 ? 1 : 0),
      (i) => (g[i] === 0 ? 1 : 0),
    ];
  },
};

console.log('Collinear in exact arithmetic, computed in double: max |R_jj|/‖x_j‖ over 5 seeds');
console.log('construction'.padEnd(40), ['n = 50', '1e3', '1e5', '1e6'].map((s) => s.padStart(10)).join(''));
for (const [name, build] of Object.entries(constructions)) {
  const cells = [50, 1000, 100_000, 1_000_000].map((n) => {
    let worst = 0;
    for (let seed = 1; seed <= 5; seed++) worst = Math.max(worst, lastColumnRatio(n, build(n, seed * 7919)));
    return worst.toExponential(1).padStart(10);
  });
  console.log(name.padEnd(40), cells.join(''));
}

function powers(xs: readonly number[], degree: number): Column[] {
  return Array.from({ length: degree + 1 }, (_, k) => (i: number) => (xs[i] as number) ** k);
}
const filip = JSON.parse(readFileSync('test/fixtures/nist-strd/Filip.json', 'utf8')) as { data: { x: number }[] };
const poly = JSON.parse(readFileSync('test/fixtures/cases/ill_conditioned_poly.json', 'utf8')) as {
  data: { x: number }[];
};
console.log('\nIndependent but ill-conditioned: |R_jj|/‖x_j‖ of the last column');
console.log(
  'NIST Filip, x^10 after 1, x … x^9'.padEnd(40),
  lastColumnRatio(
    82,
    powers(
      filip.data.map((r) => r.x),
      10,
    ),
  ).toExponential(2),
);
console.log(
  'cubic near x = 1000, x^3 after 1, x, x^2'.padEnd(40),
  lastColumnRatio(
    60,
    powers(
      poly.data.map((r) => r.x),
      3,
    ),
  ).toExponential(2),
);

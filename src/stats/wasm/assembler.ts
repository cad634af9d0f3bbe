/**
 * A minimal WebAssembly binary writer: just enough (one memory, a few functions, i32/f64
 * scalar and f64x2 SIMD instructions) to build the Householder kernels in
 * householderKernels.ts without a toolchain or a checked-in binary. Instruction helpers
 * return byte arrays that are concatenated into function bodies; the encodings follow the
 * WebAssembly core specification (binary format, §5) and the fixed-width SIMD proposal.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

type Bytes = readonly number[];

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function vector(items: readonly Bytes[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(text, (c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, content: Bytes): number[] {
  return [id, ...uleb(content.length), ...content];
}

const simd = (opcode: number): number[] => [0xfd, ...uleb(opcode)];

/** Instructions, as byte sequences. Memory offsets are byte addresses on the stack. */
export const op = {
  localGet: (i: number): Bytes => [0x20, ...uleb(i)],
  localSet: (i: number): Bytes => [0x21, ...uleb(i)],
  i32Const: (v: number): Bytes => [0x41, ...sleb(v)],
  f64Const0: [0x44, 0, 0, 0, 0, 0, 0, 0, 0] as Bytes,
  i32Add: [0x6a] as Bytes,
  i32GeS: [0x4e] as Bytes,
  f64Add: [0xa0] as Bytes,
  f64Load: [0x2b, 3, 0] as Bytes,
  f64Store: [0x39, 3, 0] as Bytes,
  block: [0x02, 0x40] as Bytes,
  loop: [0x03, 0x40] as Bytes,
  end: [0x0b] as Bytes,
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  v128Load: [...simd(0x00), 4, 0] as Bytes,
  v128Store: [...simd(0x0b), 4, 0] as Bytes,
  v128Const0: [...simd(0x0c), ...new Array<number>(16).fill(0)] as Bytes,
  f64x2Splat: simd(0x14) as Bytes,
  f64x2ExtractLane: (lane: number): Bytes => [...simd(0x21), lane],
  f64x2Add: simd(0xf0) as Bytes,
  f64x2Sub: simd(0xf1) as Bytes,
  f64x2Mul: simd(0xf2) as Bytes,
};

/** One exported function. */
export interface FunctionDefinition {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Extra locals, by type, after the parameters. */
  readonly locals: readonly number[];
  /** The body, without the final `end`. */
  readonly body: readonly Bytes[];
}

/** A module with one exported memory ("memory", `pages` × 64 KiB) and the given functions. */
export function assemble(functions: readonly FunctionDefinition[], pages: number): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const codes = functions.map((f) => {
    const locals = vector(f.locals.map((t) => [1, t]));
    const body = [...locals, ...f.body.flat(), ...op.end];
    return [...uleb(body.length), ...body];
  });
  const exports = [[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])),
    ...section(7, vector(exports)),
    ...section(10, vector(codes)),
  ]);
}

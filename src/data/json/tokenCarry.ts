/**
 * The bytes of a token (string, number, literal, byte order mark) cut by the end of a chunk. The
 * parser only ever stops between tokens or at the start of one, so this is all the state a chunk
 * boundary needs: the next chunk is scanned for the token's end, and the whole token is parsed
 * from a small buffer. Scanning each new chunk only once keeps a long token arriving in tiny
 * chunks linear.
 */
export interface TokenCarry {
  /**
   * Scans `chunk` for the end of the token: answers the index just past it, or -1 when the whole
   * chunk belongs to the token (it is then kept).
   */
  complete(chunk: Uint8Array): number;
  /**
   * The whole token: carried bytes and `chunk[0, end)`, plus the byte after the token (when there
   * is one) so that an error there names it; `length` excludes that byte.
   */
  token(chunk: Uint8Array | undefined, end: number): CarriedToken;
}

/** A token's bytes and the input offset of its first byte. */
export interface CarriedToken {
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly offset: number;
}

const STRING = 0;
const NUMBER = 1;
const WORD = 2;
const HIGH = 3; // bytes ≥ 0x80: a byte order mark

/** A carried token longer than this grows its buffer straight to the rest of the input's size. */
const LONG_TOKEN_BYTES = 1 << 16;

/**
 * Starts carrying `bytes[start…]`, which begins a token at input offset `offset`. `rest`, when
 * positive, is how many bytes the input has from `offset` on (a bound on the token's length).
 */
export function carryToken(bytes: Uint8Array, start: number, offset: number, rest = 0): TokenCarry {
  // A copy: the parser may unescape a carried string in place, and `slice` of a Node Buffer
  // would be a view of the caller's chunk.
  return new Carry(new Uint8Array(bytes.subarray(start)), offset, rest);
}

class Carry implements TokenCarry {
  private buffer: Uint8Array;
  private length: number;
  private readonly kind: number;
  /** Inside a string, whether the next byte is escaped. */
  private escaped = false;

  constructor(
    first: Uint8Array,
    private readonly offset: number,
    private readonly rest: number,
  ) {
    this.buffer = first;
    this.length = first.length;
    const c = first[0]!;
    this.kind = c === 0x22 ? STRING : c === 0x2d || (c >= 0x30 && c <= 0x39) ? NUMBER : c >= 0x80 ? HIGH : WORD;
    if (this.kind === STRING) this.scanString(first, 1, first.length);
  }

  complete(chunk: Uint8Array): number {
    const end = this.kind === STRING ? this.scanString(chunk, 0, chunk.length) : this.scanClass(chunk);
    if (end >= 0) return end;
    this.append(chunk);
    return -1;
  }

  token(chunk: Uint8Array | undefined, end: number): CarriedToken {
    const extra = chunk !== undefined && end < chunk.length ? 1 : 0;
    const size = this.length + end + extra;
    // A buffer with room (a long token's, sized to the rest of the input) is finished in place.
    const bytes = size <= this.buffer.length ? this.buffer.subarray(0, size) : new Uint8Array(size);
    if (bytes.buffer !== this.buffer.buffer) bytes.set(this.buffer.subarray(0, this.length));
    if (chunk !== undefined) bytes.set(chunk.subarray(0, end + extra), this.length);
    return { bytes, length: this.length + end, offset: this.offset };
  }

  /** Index after the closing quote in `bytes[from, to)`, or -1. */
  private scanString(bytes: Uint8Array, from: number, to: number): number {
    let escaped = this.escaped;
    for (let i = from; i < to; i++) {
      const c = bytes[i]!;
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) return i + 1;
    }
    this.escaped = escaped;
    return -1;
  }

  /** Index of the first byte that cannot continue a number, literal or BOM, or -1. */
  private scanClass(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (!this.continues(c)) return i;
    }
    return -1;
  }

  private continues(c: number): boolean {
    switch (this.kind) {
      case NUMBER:
        return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d || (c | 0x20) === 0x65;
      case WORD:
        return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
      default:
        return c >= 0x80;
    }
  }

  private append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.buffer.length) {
      // +1: room for the byte after the token, so `token` need not copy.
      const size =
        needed > LONG_TOKEN_BYTES && this.rest >= needed ? this.rest + 1 : Math.max(needed, this.buffer.length * 2);
      const grown = new Uint8Array(size);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }
}

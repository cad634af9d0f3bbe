const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/** A window of CSV bytes: whole records, unless `complete` is false (a record longer than the bound). */
export interface RecordWindow {
  readonly bytes: Uint8Array;
  readonly complete: boolean;
}

/** Bounds of the windows `RecordWindows` cuts. */
export interface WindowBounds {
  /** A window ends at the first record end after this many bytes, whatever its records. */
  readonly softBytes: number;
  /** A window without a record end after this many bytes is given as it is, `complete: false`. */
  readonly hardBytes: number;
}

const DEFAULT_BOUNDS: WindowBounds = { softBytes: 8 << 20, hardBytes: 64 << 20 };

/**
 * Cuts a stream of CSV bytes into windows of whole records, so that each can be parsed alone: a
 * window ends at a line end outside quotes (quote parity: a doubled quote toggles twice), after the
 * number of non-blank records asked for. The bytes after the cut are carried into the next window.
 * Memory is bounded by a window and a piece of the stream.
 */
export class RecordWindows {
  private readonly pieces: AsyncIterator<Uint8Array>;
  private buffer: Buffer = EMPTY;
  /** Bytes of `buffer` scanned, and the state there. */
  private pos = 0;
  private inQuotes = false;
  /** Where the record being scanned starts (to tell blank lines, which are not records). */
  private recordStart = 0;
  private ended = false;
  /** Next LF, CR and quote at or after `pos` (−1: not known yet; `buffer.length`: none). */
  private nextLf = -1;
  private nextCr = -1;
  private nextQuote = -1;

  constructor(
    pieces: AsyncIterable<Uint8Array>,
    private readonly bounds: WindowBounds = DEFAULT_BOUNDS,
  ) {
    this.pieces = pieces[Symbol.asyncIterator]();
  }

  /** The next window, of about `records` non-blank records (at least one), or null after the last. */
  async next(records: number): Promise<RecordWindow | null> {
    let found = 0;
    for (;;) {
      const end = this.scan(records - found);
      if (end.cut >= 0) return this.take(end.cut, true);
      found += end.found;
      if (this.ended) {
        if (this.buffer.length === 0) return null;
        return this.take(this.buffer.length, true);
      }
      if (this.buffer.length >= this.bounds.hardBytes) return this.take(this.buffer.length, false);
      await this.fill();
    }
  }

  /** Stops reading the stream. */
  async close(): Promise<void> {
    await this.pieces.return?.();
  }

  private async fill(): Promise<void> {
    const step = await this.pieces.next();
    if (step.done) {
      this.ended = true;
      return;
    }
    const piece = step.value;
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    const old = this.buffer.length;
    this.buffer = old === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
    // "None before the end" is no longer known to hold.
    if (this.nextLf === old) this.nextLf = -1;
    if (this.nextCr === old) this.nextCr = -1;
    if (this.nextQuote === old) this.nextQuote = -1;
  }

  /**
   * Scans from `pos` for `wanted` record ends: `cut` is the offset just after the last one, or −1
   * when the buffer ran out first (`found` of them seen so far, for the next call; a CR at the end
   * of the buffer waits for the next byte, unless the stream ended).
   */
  private scan(wanted: number): { cut: number; found: number } {
    const buffer = this.buffer;
    const length = buffer.length;
    let pos = this.pos;
    let found = 0;
    while (pos < length) {
      if (this.inQuotes) {
        const quote = this.nextOf(QUOTE, pos);
        if (quote === length) {
          pos = length;
          break;
        }
        pos = quote + 1;
        this.inQuotes = false;
        continue;
      }
      const lf = this.nextOf(LF, pos);
      const cr = this.nextOf(CR, pos);
      const quote = this.nextOf(QUOTE, pos);
      const at = Math.min(lf, cr, quote);
      if (at === length) {
        pos = length;
        break;
      }
      if (at === quote) {
        this.inQuotes = true;
        pos = at + 1;
        continue;
      }
      let end = at + 1;
      if (at === cr) {
        if (at + 1 === length && !this.ended) {
          pos = at;
          break;
        }
        if (buffer[at + 1] === LF) end++;
      }
      if (at > this.recordStart) found++;
      pos = end;
      this.recordStart = end;
      if (found >= wanted || end >= this.bounds.softBytes) {
        this.pos = pos;
        return { cut: end, found };
      }
    }
    this.pos = pos;
    return { cut: -1, found };
  }

  /** The next `kind` byte at or after `from`, or the buffer's length: remembered between calls. */
  private nextOf(kind: number, from: number): number {
    const cached = kind === LF ? this.nextLf : kind === CR ? this.nextCr : this.nextQuote;
    if (cached >= from) return cached;
    const found = this.buffer.indexOf(kind, from);
    const at = found < 0 ? this.buffer.length : found;
    if (kind === LF) this.nextLf = at;
    else if (kind === CR) this.nextCr = at;
    else this.nextQuote = at;
    return at;
  }

  /** Hands out `buffer[0, end)` and keeps the rest, positions shifted. */
  private take(end: number, complete: boolean): RecordWindow {
    const bytes = this.buffer.subarray(0, end);
    this.buffer = this.buffer.subarray(end);
    this.pos -= end;
    this.recordStart -= end;
    // Remembered positions before the cut become negative: not known.
    this.nextLf -= end;
    this.nextCr -= end;
    this.nextQuote -= end;
    if (!complete) {
      // The read fails on this window; what follows starts afresh.
      this.pos = 0;
      this.recordStart = 0;
      this.inQuotes = false;
    }
    return { bytes, complete };
  }
}

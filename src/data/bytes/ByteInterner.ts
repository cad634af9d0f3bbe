/**
 * Dense ids for byte sequences, looked up without making a string: the parsers use it to map
 * the raw bytes of a key or a level to what they decoded to the first time. Open addressing over
 * a copy of each sequence; it stops accepting new sequences past its caps (callers then decode).
 */
export class ByteInterner {
  // Small until used: one interner per categorical column, and columns can be many.
  private pool = new Uint8Array(0);
  private poolUsed = 0;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly hashes: number[] = [];
  private slots = new Int32Array(2);

  constructor(
    private readonly maxEntries = 1 << 16,
    private readonly maxBytes = 1 << 22,
  ) {}

  /** How many sequences have ids. */
  get size(): number {
    return this.starts.length;
  }

  /** The id of `bytes[start, end)` (whose `hashBytes` is `hash`), or -1. */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const length = end - start;
    const key = hash | 0;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const slot = slots[index]!;
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] === key && this.lengths[id] === length && this.matches(id, bytes, start, length)) return id;
    }
  }

  /** Gives `bytes[start, end)` (not yet present) the next id, or answers -1 when full. */
  add(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    if (this.starts.length >= this.maxEntries || this.poolUsed + length > this.maxBytes) return -1;
    if (this.poolUsed + length > this.pool.length) this.growPool(this.poolUsed + length);
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    const id = this.starts.length;
    this.starts.push(this.poolUsed);
    this.lengths.push(length);
    this.hashes.push(hash | 0);
    this.poolUsed += length;
    if ((id + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(id);
    return id;
  }

  private matches(id: number, bytes: Uint8Array, start: number, length: number): boolean {
    const pool = this.pool;
    const from = this.starts[id]!;
    for (let i = 0; i < length; i++) if (pool[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private place(id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let index = this.hashes[id]! & mask;
    while (slots[index] !== 0) index = (index + 1) & mask;
    slots[index] = id + 1;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    for (let id = 0; id < this.starts.length; id++) this.place(id);
  }

  private growPool(needed: number): void {
    let capacity = Math.max(64, this.pool.length * 2);
    while (capacity < needed) capacity *= 2;
    const pool = new Uint8Array(capacity);
    pool.set(this.pool.subarray(0, this.poolUsed));
    this.pool = pool;
  }
}

/** Up to this many sequences are searched linearly, with no hash table at all. */
const LINEAR_ENTRIES = 8;
const NO_BYTES = new Uint8Array(0);
const NO_SLOTS = new Int32Array(0);

/**
 * Dense ids for byte sequences, looked up without making a string: the parsers use it to map
 * the raw bytes of a key or a level to what they decoded to the first time. A copy of each
 * sequence, compared by hash then bytes: linearly while there are few (levels usually are), by
 * open addressing beyond. It stops accepting new sequences past its caps (callers then decode).
 * Nothing is allocated until the first sequence: there is one per categorical column, and
 * columns can be many.
 */
export class ByteInterner {
  private pool = NO_BYTES;
  private poolUsed = 0;
  /** (start in pool, length, hash) of each sequence, by id. */
  private readonly entries: number[] = [];
  private count = 0;
  private slots = NO_SLOTS;

  constructor(
    private readonly maxEntries = 1 << 16,
    private readonly maxBytes = 1 << 22,
  ) {}

  /** How many sequences have ids. */
  get size(): number {
    return this.count;
  }

  /** The id of `bytes[start, end)` (whose `hashBytes` is `hash`), or -1. */
  find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const key = hash | 0;
    const slots = this.slots;
    if (slots.length === 0) {
      for (let id = 0; id < this.count; id++) if (this.matches(id, key, bytes, start, length)) return id;
      return -1;
    }
    const mask = slots.length - 1;
    for (let index = hash & mask; ; index = (index + 1) & mask) {
      const slot = slots[index]!;
      if (slot === 0) return -1;
      if (this.matches(slot - 1, key, bytes, start, length)) return slot - 1;
    }
  }

  /** Gives `bytes[start, end)` (not yet present) the next id, or answers -1 when full. */
  add(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    if (this.count >= this.maxEntries || this.poolUsed + length > this.maxBytes) return -1;
    if (this.poolUsed + length > this.pool.length) this.growPool(this.poolUsed + length);
    this.pool.set(bytes.subarray(start, end), this.poolUsed);
    const id = this.count++;
    this.entries.push(this.poolUsed, length, hash | 0);
    this.poolUsed += length;
    if (id + 1 > LINEAR_ENTRIES && (id + 1) * 2 > this.slots.length) this.rehash(Math.max(32, this.slots.length * 2));
    else if (this.slots.length > 0) this.place(id);
    return id;
  }

  private matches(id: number, hash: number, bytes: Uint8Array, start: number, length: number): boolean {
    const entries = this.entries;
    const at = id * 3;
    if (entries[at + 2] !== hash || entries[at + 1] !== length) return false;
    const pool = this.pool;
    const from = entries[at]!;
    for (let i = 0; i < length; i++) if (pool[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private place(id: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let index = this.entries[id * 3 + 2]! & mask;
    while (slots[index] !== 0) index = (index + 1) & mask;
    slots[index] = id + 1;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    for (let id = 0; id < this.count; id++) this.place(id);
  }

  private growPool(needed: number): void {
    let capacity = Math.max(64, this.pool.length * 2);
    while (capacity < needed) capacity *= 2;
    const pool = new Uint8Array(capacity);
    pool.set(this.pool.subarray(0, this.poolUsed));
    this.pool = pool;
  }
}

import { ByteInterner } from '../bytes/ByteInterner.js';
import type { Level } from '../column.js';

/**
 * The levels of one categorical column in first-appearance order, as `ColumnBuilder` numbers
 * them, with a cache from the raw bytes of a level to its code so that a repeated level costs a
 * hash and a compare, not a new string. Two spellings of one string (`"a"` and `"\u0061"`) are
 * two byte entries with one code.
 */
export class LevelDictionary {
  /** Levels by code. */
  readonly levels: Level[] = [];
  private readonly codes = new Map<Level, number>();
  private readonly spellings = new ByteInterner();
  private readonly spellingCodes: number[] = [];

  /** The code of the level spelled `bytes[start, end)` (hash `hash`), or -1 if these bytes are new. */
  codeOfBytes(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.spellings.find(bytes, start, end, hash);
    return id < 0 ? -1 : this.spellingCodes[id]!;
  }

  /** The code of `level` (decoded from `bytes[start, end)`), adding both as needed. */
  learn(level: Level, bytes: Uint8Array, start: number, end: number, hash: number): number {
    const code = this.codeOf(level);
    const id = this.spellings.add(bytes, start, end, hash);
    if (id >= 0) this.spellingCodes[id] = code;
    return code;
  }

  /** The code of `level`, adding it as the next one if new. */
  codeOf(level: Level): number {
    let code = this.codes.get(level);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(level);
      this.codes.set(level, code);
    }
    return code;
  }
}

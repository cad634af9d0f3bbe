import { ByteInterner } from '../bytes/ByteInterner.js';
import type { Level } from '../Column.js';

/** Up to this many levels are found by a search of the list, without a map. */
const FEW_LEVELS = 8;

/**
 * The levels of one categorical column in first-appearance order, as `ColumnBuilder` numbers
 * them, with a cache from the raw bytes of a level to its code so that a repeated level costs a
 * hash and a compare, not a new string. Two spellings of one string (`"a"` and `"\u0061"`) are
 * two byte entries with one code.
 */
export class LevelDictionary {
  /** Levels by code. */
  readonly levels: Level[] = [];
  /** Codes by level, once there are more than a few (a short list is searched directly). */
  private codes: Map<Level, number> | null = null;
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
    const levels = this.levels;
    let code = this.codes === null ? levels.indexOf(level) : (this.codes.get(level) ?? -1);
    if (code < 0) {
      code = levels.length;
      levels.push(level);
      if (this.codes !== null) this.codes.set(level, code);
      else if (code >= FEW_LEVELS) this.codes = new Map(levels.map((known, index) => [known, index]));
    }
    return code;
  }
}

import { JsonLexer } from './JsonLexer.js';

// What the parser expects next. Subclasses add states from FIRST_CAPTURE_STATE on.
export const VALUE = 0;
export const ARRAY_FIRST = 1; // after '[': a value or ']'
export const OBJECT_FIRST = 2; // after '{': a key or '}'
export const KEY = 3;
export const COLON = 4;
export const AFTER = 5; // after a value inside a container: ',' or its closer
export const END = 6; // after the root value
export const FIRST_CAPTURE_STATE = 7;

// What each open container is. Subclasses add kinds from FIRST_CAPTURE_KIND on.
export const ROOT = 0;
export const ARRAY = 1;
export const OBJECT = 2;
export const FIRST_CAPTURE_KIND = 3;

export const TRUE = [0x74, 0x72, 0x75, 0x65];
export const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
export const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * The JSON grammar as a state machine over the buffer the lexer reads: `state` says what may come
 * next, an explicit stack of open containers (`kinds`, `containers`, `keys`) replaces recursion,
 * so depth is bounded by `maxDepth` and never by the call stack. It builds the values `JSON.parse`
 * builds. Containers of other kinds (captured arrays) are the subclass's: it gets the states and
 * kinds from the `FIRST_CAPTURE_*` numbers on, through the hooks at the end.
 */
export abstract class JsonGrammar extends JsonLexer {
  protected state = VALUE;
  protected depth = 0;
  protected readonly kinds: number[] = [ROOT];
  protected readonly containers: unknown[] = [undefined];
  /** The key being read in each open object. */
  protected readonly keys: string[] = [''];
  protected root: unknown;
  /** Depth of the open object whose keys are counted (see `countKey`), or -1. */
  protected countedDepth = -1;

  constructor(private readonly maxDepth: number) {
    super();
  }

  /**
   * Parses `bytes[pos, end)`. Answers `end`, or the start of a token that may continue past it
   * (only when not `atEnd`). Each step answers the position after what it read, or -1 when its
   * token is cut by the end of the buffer.
   */
  protected run(pos: number, end: number, atEnd: boolean): number {
    const bytes = this.bytes;
    for (;;) {
      let c = 0;
      while (pos < end) {
        c = bytes[pos]!;
        if (c > 0x20) break;
        if (c === 0x20 || c === 0x09 || c === 0x0d) pos++;
        else if (c === 0x0a) {
          pos++;
          this.line++;
          this.lineStart = this.base + pos;
        } else break;
      }
      if (pos >= end) return end;
      let next: number;
      switch (this.state) {
        case AFTER:
          next = this.kinds[this.depth]! < FIRST_CAPTURE_KIND ? this.after(pos, c) : this.capturedAfter(pos, c);
          break;
        case VALUE:
          next = this.valueIn(this.kinds[this.depth]!, pos, end, atEnd, c);
          break;
        case ARRAY_FIRST:
          if (c === 0x5d) {
            this.close();
            next = pos + 1;
          } else {
            this.state = VALUE;
            next = this.valueIn(this.firstElement(c), pos, end, atEnd, c);
          }
          break;
        case OBJECT_FIRST:
        case KEY:
          next = this.key(pos, end, atEnd, c);
          break;
        case COLON:
          if (c !== 0x3a) this.fail(pos, "':' after the property name");
          this.state = VALUE;
          next = pos + 1;
          break;
        case END:
          return this.fail(pos, 'the end of the input after the JSON value');
        default:
          next = this.capturedStep(pos, end, atEnd, c);
      }
      if (next < 0) return pos;
      pos = next;
    }
  }

  /** A value at `pos` inside a container of kind `kind`. */
  private valueIn(kind: number, pos: number, end: number, atEnd: boolean, c: number): number {
    if (kind === ARRAY) return this.elements(pos, end, atEnd, c);
    if (kind >= FIRST_CAPTURE_KIND) return this.capturedValue(kind, pos, end, atEnd, c);
    return this.value(pos, end, atEnd, c);
  }

  /** A value starts at `pos` (first byte `c`). */
  protected value(pos: number, end: number, atEnd: boolean, c: number): number {
    let next: number;
    switch (c) {
      case 0x22:
        next = this.readString(pos, end, atEnd);
        if (next >= 0) this.deliver(this.stringValue(pos + 1, next - 1));
        return next;
      case 0x7b:
        this.push(OBJECT, {}, pos);
        this.state = OBJECT_FIRST;
        if (this.countedDepth < 0 && this.countsKeys()) this.countedDepth = this.depth;
        return pos + 1;
      case 0x5b:
        this.push(this.arrayKind(), [], pos);
        this.state = ARRAY_FIRST;
        return pos + 1;
      case 0x74:
        next = this.readLiteral(pos, end, atEnd, TRUE, 'true');
        if (next >= 0) this.deliver(true);
        return next;
      case 0x66:
        next = this.readLiteral(pos, end, atEnd, FALSE, 'false');
        if (next >= 0) this.deliver(false);
        return next;
      case 0x6e:
        next = this.readLiteral(pos, end, atEnd, NULL, 'null');
        if (next >= 0) this.deliver(null);
        return next;
      case 0xef:
        return this.byteOrderMark(pos, end, atEnd);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          next = this.readNumber(pos, end, atEnd);
          if (next >= 0) this.deliver(this.number);
          return next;
        }
        return this.fail(pos, 'a value');
    }
  }

  /**
   * Elements of an ordinary array from a value on: numbers and strings are pushed without a trip
   * through the main loop per token as long as the input is compact ("1,2,3"); anything else goes
   * back to it, which knows where the parser is from `state`. A token cut by the end of the buffer
   * answers -1 only if it is the first; otherwise the step stops before it and the main loop meets
   * it again.
   */
  private elements(pos: number, end: number, atEnd: boolean, c: number): number {
    const bytes = this.bytes;
    const array = this.containers[this.depth] as unknown[];
    const start = pos;
    for (;;) {
      let next: number;
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        next = this.readNumber(pos, end, atEnd);
        if (next < 0) return pos === start ? -1 : pos;
        array.push(this.number);
      } else if (c === 0x22) {
        next = this.readString(pos, end, atEnd);
        if (next < 0) return pos === start ? -1 : pos;
        array.push(this.text(pos + 1, next - 1));
      } else return pos === start ? this.value(pos, end, atEnd, c) : pos;
      this.state = AFTER;
      if (next + 1 >= end || bytes[next] !== 0x2c) return next;
      pos = next + 1;
      c = bytes[pos]!;
      this.state = VALUE;
    }
  }

  /** A key (or the end of an object) in an ordinary object. */
  private key(pos: number, end: number, atEnd: boolean, c: number): number {
    if (c === 0x7d && this.state === OBJECT_FIRST) {
      this.close();
      return pos + 1;
    }
    if (c !== 0x22)
      this.fail(
        pos,
        this.state === OBJECT_FIRST ? "a property name in double quotes or '}'" : 'a property name in double quotes',
      );
    const next = this.readString(pos, end, atEnd);
    if (next >= 0) {
      const key = this.text(pos + 1, next - 1);
      this.keys[this.depth] = key;
      if (this.depth === this.countedDepth) this.countKey(key);
      this.state = COLON;
    }
    return next;
  }

  /** After a value in an ordinary array or object: ',' or the closer. */
  private after(pos: number, c: number): number {
    const kind = this.kinds[this.depth]!;
    if (c === 0x2c) this.state = kind === OBJECT ? KEY : VALUE;
    else if (c === (kind === OBJECT ? 0x7d : 0x5d)) this.close();
    else this.fail(pos, expectedAfter(kind === OBJECT));
    return pos + 1;
  }

  /** The value of a string (content `[start, end)`) met where any value may stand. */
  protected stringValue(start: number, end: number): unknown {
    return this.text(start, end);
  }

  /** Hands a finished value to its container. */
  protected deliver(value: unknown): void {
    const depth = this.depth;
    const kind = this.kinds[depth]!;
    switch (kind) {
      case ROOT:
        this.root = value;
        this.state = END;
        return;
      case ARRAY:
        (this.containers[depth] as unknown[]).push(value);
        break;
      case OBJECT:
        setProperty(this.containers[depth] as Record<string, unknown>, this.keys[depth]!, value);
        break;
      default:
        this.deliverCaptured(kind, value);
    }
    this.state = AFTER;
  }

  /** Opens a container of kind `kind` at the '[' or '{' at `pos`. */
  protected push(kind: number, container: unknown, pos: number): void {
    if (this.depth >= this.maxDepth) {
      this.failWith(pos, `arrays and objects nest deeper than ${this.maxDepth} levels, the limit`);
    }
    const depth = ++this.depth;
    this.kinds[depth] = kind;
    this.containers[depth] = container;
  }

  /** Closes the container on top of the stack and delivers it. */
  protected close(): void {
    const depth = this.depth;
    const kind = this.kinds[depth]!;
    const value = kind < FIRST_CAPTURE_KIND ? this.containers[depth] : this.closeCaptured(kind);
    this.containers[depth] = undefined;
    if (depth === this.countedDepth) this.countedDepth = -1;
    this.depth = depth - 1;
    this.deliver(value);
  }

  /** Keys and indices from the root to the value about to start, for `captureRecords` and the like. */
  protected pathTo(path: (string | number)[]): (string | number)[] {
    path.length = 0;
    for (let depth = 1; depth <= this.depth; depth++) {
      path.push(this.kinds[depth] === OBJECT ? this.keys[depth]! : (this.containers[depth] as unknown[]).length);
    }
    return path;
  }

  /** A UTF-8 byte order mark may precede the root value. */
  private byteOrderMark(pos: number, end: number, atEnd: boolean): number {
    if (this.base + pos !== 0) return this.fail(pos, 'a value');
    if (pos + 3 > end) {
      if (atEnd) this.fail(pos, 'a value');
      return -1;
    }
    if (this.bytes[pos + 1] !== 0xbb || this.bytes[pos + 2] !== 0xbf) this.fail(pos, 'a value');
    return pos + 3;
  }

  /** What the parser was waiting for, for an error at the end of the input. */
  protected expectation(): string {
    switch (this.state) {
      case VALUE:
        return 'a value';
      case ARRAY_FIRST:
        return "a value or ']'";
      case OBJECT_FIRST:
        return "a property name in double quotes or '}'";
      case KEY:
        return 'a property name in double quotes';
      case COLON:
        return "':' after the property name";
      default:
        return expectedAfter(this.kinds[this.depth] === OBJECT);
    }
  }

  /** Whether the keys of the ordinary object just opened are to be counted (`countKey`). */
  protected abstract countsKeys(): boolean;
  /** A key of the counted object, as it is read. */
  protected abstract countKey(key: string): void;
  /** The kind of an array opening here: ARRAY, or one of the subclass's. */
  protected abstract arrayKind(): number;
  /** The kind of the array on top once its first element starts with `c` (it may change here). */
  protected abstract firstElement(c: number): number;
  /** A value at `pos` inside a container of a captured kind. */
  protected abstract capturedValue(kind: number, pos: number, end: number, atEnd: boolean, c: number): number;
  /** A step in one of the subclass's states. */
  protected abstract capturedStep(pos: number, end: number, atEnd: boolean, c: number): number;
  /** After a value in a container of a captured kind. */
  protected abstract capturedAfter(pos: number, c: number): number;
  /** Hands a finished value to a container of a captured kind. */
  protected abstract deliverCaptured(kind: number, value: unknown): void;
  /** The value a container of a captured kind stands for, as it closes. */
  protected abstract closeCaptured(kind: number): unknown;
}

/** What may follow a value in an object or an array. */
export function expectedAfter(inObject: boolean): string {
  return inObject ? "',' or '}' after a property value" : "',' or ']' after an array element";
}

/** Sets an own property as JSON.parse does: "__proto__" too is just a key. */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}

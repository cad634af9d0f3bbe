import { DataError } from '../errors.js';

/** Where in the input bytes a syntax error is. */
export interface SourcePosition {
  /** Bytes before the error (0-based). */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column on that line, counted in bytes. */
  readonly column: number;
}

/** The request body is not valid JSON; the message says where and what was expected. */
export class JsonSyntaxError extends DataError {
  override name = 'JsonSyntaxError';
  constructor(
    readonly position: SourcePosition,
    /** What was wrong there, without the position. */
    readonly description: string,
  ) {
    super(
      'MALFORMED_JSON',
      `malformed JSON at line ${position.line}, column ${position.column} (byte ${position.offset}): ${description}`,
    );
  }
}

/** How a byte reads in a message: the character for printable ASCII, else its code. */
export function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'the end of the input';
  if (byte >= 0x20 && byte < 0x7f) return byte === 0x27 ? `"'"` : `'${String.fromCharCode(byte)}'`;
  if (byte < 0x20) return `the control character U+${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  return `the byte 0x${byte.toString(16).toUpperCase()}`;
}

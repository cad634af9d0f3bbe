/**
 * Bytes to JS strings. UTF-8 is decoded as `TextDecoder` (and `Buffer#toString`) do, invalid
 * sequences becoming U+FFFD, so text reads the same whichever path parsed it.
 */

// ignoreBOM: a U+FEFF inside a value is content; only the parsers decide about a leading BOM.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Longest run handed to `String.fromCharCode.apply` at once (engines cap argument counts). */
const APPLY_LIMIT = 4096;

/** `bytes[start, end)` as UTF-8 text. */
export function utf8Text(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/** `bytes[start, end)` read one byte per character: exact for ASCII, such as numerals. */
export function latin1Text(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= APPLY_LIMIT) {
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  let text = '';
  for (let from = start; from < end; from += APPLY_LIMIT) {
    const to = Math.min(end, from + APPLY_LIMIT);
    text += String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  }
  return text;
}

/** `bytes[start, end)` as text: the quick one-byte path when the caller knows it is ASCII. */
export function bytesText(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
  return ascii && end - start <= APPLY_LIMIT ? latin1Text(bytes, start, end) : utf8Text(bytes, start, end);
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as `TextEncoder` does). */
export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** FNV-1a hash of `bytes[start, end)`, for byte-keyed tables. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

/** JSON from bytes, streaming, with record arrays captured as columns. */
export { JsonStreamParser, DEFAULT_MAX_DEPTH, type JsonParseOptions } from './JsonStreamParser.js';
export { parseJson } from './parseJson.js';
export { JsonSyntaxError, type SourcePosition } from './JsonSyntaxError.js';

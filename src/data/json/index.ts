/** JSON from bytes, streaming, with record arrays and column arrays captured as typed columns. */
export { JsonStreamParser, DEFAULT_MAX_DEPTH, type JsonParseOptions, type JsonPath } from './JsonStreamParser.js';
export { parseJson, parseJsonStream } from './parseJson.js';
export { JsonSyntaxError, type SourcePosition } from './JsonSyntaxError.js';

// Lossless JSON: parse and write JSON whose integers may exceed 2^53 (Dremio ids, 64-bit counters)
// without rounding them, and report malformed text with its exact position.
export { parseJsonSlow } from './json-parser.js';
export { JsonSyntaxError } from './json-syntax-error.js';
export { parseLosslessJson, stringifyLosslessJson } from './lossless-json.js';

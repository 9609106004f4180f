import { stringifyLosslessJson } from '../../json/lossless-json.js';

/** What a route handler returns; the server writes it (or a fault's corruption of it) to the socket. */
export interface SimResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

const JSON_TYPE = 'application/json';

/** Native JSON when the value has no bigint (three times faster on a results page), else lossless. */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (error instanceof TypeError) return stringifyLosslessJson(value);
    throw error;
  }
}

export function jsonResponse(status: number, value: unknown): SimResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: Buffer.from(jsonText(value), 'utf8') };
}

/** JSON text produced elsewhere (raw profiles) is passed through byte for byte. */
export function rawJsonResponse(status: number, text: string): SimResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, body: Buffer.from(text, 'utf8') };
}

/** Dremio's error body: `{"errorMessage": …, "moreInfo": …}`. */
export function errorResponse(status: number, errorMessage: string, moreInfo = ''): SimResponse {
  return jsonResponse(status, { errorMessage, moreInfo });
}

export function emptyResponse(status: number): SimResponse {
  return { status, headers: {}, body: new Uint8Array(0) };
}

export function bytesResponse(
  status: number,
  body: Uint8Array,
  headers: Readonly<Record<string, string>>,
): SimResponse {
  return { status, headers, body };
}

// Regenerates src/api/openapi-types.ts from the API's OpenAPI document (`npm run docs`).
import { writeFileSync } from 'node:fs';
import { OPENAPI_TYPES_PATH, renderOpenApiTypes } from './openapi-types.js';

writeFileSync(OPENAPI_TYPES_PATH, await renderOpenApiTypes());
console.log('API client types updated');

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Interactive docs at `/docs`: Swagger UI from the installed swagger-ui-dist, never a CDN. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Same-origin script, so a strict Content-Security-Policy needs no inline script.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

let root: string | undefined;
const cache = new Map<string, Uint8Array<ArrayBuffer>>();

export function docsPage(): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Dremio Optimizer API</title>
    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css" />
    <link rel="stylesheet" type="text/css" href="/docs/index.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="/docs/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script src="/docs/initializer.js" charset="UTF-8"></script>
  </body>
</html>
`;
}

/** One file of the docs page, or undefined for a name that is not one. */
export function docsAsset(
  name: string,
): { readonly body: Uint8Array<ArrayBuffer> | string; readonly type: string } | undefined {
  if (name === 'initializer.js') return { body: INITIALIZER, type: 'text/javascript; charset=utf-8' };
  const type = ASSETS[name];
  if (type === undefined) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    root ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    body = new Uint8Array(readFileSync(join(root, name)));
    cache.set(name, body);
  }
  return { body, type };
}

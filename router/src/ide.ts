/**
 * A self-hosted GraphiQL page at `GET /graphql` (for browsers): every asset is served from
 * node_modules, nothing loads from a CDN. The headers tab is where the admin token goes.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
};

export const IDE_ASSET_PREFIX = '/graphql/ide/';

const loaded = new Map<string, Buffer>();

export function serveIdeAsset(res: ServerResponse, name: string): boolean {
  const asset = ASSETS[name];
  if (!asset) return false;
  let body = loaded.get(name);
  if (!body) {
    body = readFileSync(asset.file);
    loaded.set(name, body);
  }
  res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=86400' });
  res.end(body);
  return true;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Mission Control — GraphQL</title>
  <link rel="stylesheet" href="${IDE_ASSET_PREFIX}graphiql.css" />
  <style>html, body, #ide { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="ide"></div>
  <script src="${IDE_ASSET_PREFIX}react.js"></script>
  <script src="${IDE_ASSET_PREFIX}react-dom.js"></script>
  <script src="${IDE_ASSET_PREFIX}graphiql.js"></script>
  <script>
    const url = new URL('/graphql', location.href).toString();
    const fetcher = GraphiQL.createFetcher({ url, subscriptionUrl: url.replace(/^http/, 'ws') });
    const headers = JSON.stringify({ Authorization: 'Bearer <paste the token the server printed>' }, null, 2);
    const query = '# Mission Control GraphQL API.\\n# Put your token in the Headers tab below, then run:\\n\\nquery Me {\\n  organizations { id name slug }\\n}\\n';
    ReactDOM.createRoot(document.getElementById('ide')).render(
      React.createElement(GraphiQL, { fetcher, defaultHeaders: headers, defaultQuery: query, shouldPersistHeaders: true, isHeadersEditorEnabled: true }),
    );
  </script>
</body>
</html>`;

export function serveIdePage(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; font-src 'self' data:",
  });
  res.end(PAGE);
}

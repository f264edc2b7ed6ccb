// Tiny static + mock server for the SDK storage harness. Serves only files
// under this folder and answers /mock/<sdk>/... with canned vendor replies,
// so no SDK needs the network.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockReply } from './sdks.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };

export function startServer(port = 0) {
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const cors = {
      'access-control-allow-origin': req.headers.origin || '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': req.headers['access-control-request-headers'] || '*',
      'access-control-allow-methods': 'GET,POST,PUT,OPTIONS',
    };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); return res.end(); }
    const m = url.pathname.match(/^\/mock\/([^/]+)(\/.*)?$/);
    if (m) {
      hits.push(`${req.method} ${url.pathname}`);
      req.resume();
      const [body, type] = mockReply(m[1], m[2]);
      res.writeHead(200, { ...cors, 'content-type': type });
      return res.end(body);
    }
    const file = path.join(ROOT, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(ROOT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, cors); return res.end('not found');
    }
    res.writeHead(200, { ...cors, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, hits })));
}

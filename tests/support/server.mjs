// A small static server for the demo and the tests. Listens on 127.0.0.1 only.
//
//   node tests/support/server.mjs --demo [--port 8080]    serves www/ and dist/
//   import { serve } from "./server.mjs"                   for tests (returns { port, close })
//
// Routes: the agent's files from dist/ (/consent-agent.js, /consent-agent.mjs,
// /consent-agent-declaration.json, the engine /consent-agent.<hash>.wasm, /esm/*, the per-language tags
// /consent-agent.<lang>.js and their texts /consent-agent-i18n/*), also under /cdn/ (a site that deploys
// them somewhere else); GET /plant?c=<Set-Cookie>&c=… answers a tiny page with those Set-Cookie
// headers, so tests plant cookies in exact scopes the way a server would;
// /engine.wasm is the engine whatever its hashed name; /slow/<path>?ms=N answers <path> after N ms; everything else is a file under the root folder.
// Query switches: `?csp=strict` (or `nonce`, `nowasm`) on an .html page adds a strict
// Content-Security-Policy header; `?cors` adds Access-Control-Allow-Origin: * (a file
// another origin may fetch); `?bfcache` on an .html page leaves out Cache-Control: no-store,
// so the browser may keep the page in its back/forward cache.
import http from "node:http";
import https from "node:https";
import { readFile, readdir } from "node:fs/promises";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css", ".png": "image/png" };
const DIST_FILES = ["/consent-agent.js", "/consent-agent.mjs", "/consent-agent-declaration.json"];
const CSP = {
  strict: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'",
  nonce: "default-src 'self'; script-src 'nonce-r4nd0m' 'wasm-unsafe-eval'; style-src 'self'",
  nowasm: "default-src 'self'; script-src 'self'; style-src 'self'",
};

export function serve({ root = join(ROOT, "tests/pages"), port = 0, tls = null, host = "127.0.0.1", onRequest = null } = {}) {
  const handler = async (req, res) => {
    onRequest?.(req); // the benchmarks count requests by host and path
    try {
      const url = new URL(req.url, "http://x");
      if (url.pathname === "/plant" || url.pathname.endsWith("/plant")) {
        res.writeHead(200, { "Set-Cookie": url.searchParams.getAll("c"), "Cache-Control": "no-store", "Content-Type": "text/html" });
        return res.end("<!doctype html><title>planted</title>planted");
      }
      if (url.pathname.startsWith("/slow/")) {
        await new Promise((r) => setTimeout(r, Number(url.searchParams.get("ms") || 500)));
        url.pathname = url.pathname.slice(5);
      }
      if (url.pathname.startsWith("/cdn/")) url.pathname = url.pathname.slice(4);
      // The engine under a name that does not change with the build (pages
      // that name it in data-engine, often behind /slow/).
      if (url.pathname === "/engine.wasm") url.pathname = "/" + ((await readdir(join(ROOT, "dist"))).find((f) => /^consent-agent\.[0-9a-f]{10}\.wasm$/.test(f)) || "none.wasm");
      let file;
      if (DIST_FILES.includes(url.pathname) || /^\/(esm|consent-agent-i18n)\/|^\/consent-agent(\.[a-z]{2}\.js|\.[0-9a-f]{10}\.wasm|-engine\.[0-9a-f]{10}\.js)$/.test(url.pathname)) {
        file = join(ROOT, "dist", normalize(url.pathname));
      } else {
        let path = normalize(decodeURIComponent(url.pathname));
        if (path.endsWith("/")) path += "index.html";
        file = join(root, path);
        if (!file.startsWith(root)) throw Object.assign(new Error("outside"), { code: "ENOENT" });
      }
      const body = await readFile(file);
      const headers = { "Content-Type": TYPES[extname(file)] || "application/octet-stream", "Cache-Control": "no-store" };
      const csp = CSP[url.searchParams.get("csp")];
      if (csp && extname(file) === ".html") headers["Content-Security-Policy"] = csp;
      if (url.searchParams.has("cors")) headers["Access-Control-Allow-Origin"] = "*";
      if (url.searchParams.has("bfcache") && extname(file) === ".html") delete headers["Cache-Control"];
      res.writeHead(200, headers);
      res.end(body);
    } catch (error) {
      res.writeHead(error.code === "ENOENT" || error.code === "EISDIR" ? 404 : 500, { "Content-Type": "text/plain" });
      res.end(String(error.code || error));
    }
  };
  // Large enough for the huge-jar test (180 cookies of 4 KB in one Cookie header).
  const options = { maxHeaderSize: 1 << 20 };
  const server = tls ? https.createServer({ ...tls, ...options }, handler) : http.createServer(options, handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      resolve({ port: server.address().port, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf("--port") + 1] || 8080);
  const root = args.includes("--demo") ? join(ROOT, "www") : join(ROOT, "tests/pages");
  const { port: actual } = await serve({ root, port });
  console.log(`consent-agent demo: http://127.0.0.1:${actual}/  (domain and path scopes: http://www.shop.localhost:${actual}/a/b/ in Chromium)`);
}

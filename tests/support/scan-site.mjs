// The local site `consent-agent scan` is tested (tests/e2e/scan.test.mjs)
// and measured (tests/bench/bench.mjs) on: several host names on 127.0.0.1
// (www.shop.localhost and its parent, a third-party frame on
// tracker.localhost over https, an off-site host, and a known tracker
// source that --resolve maps here), pages with and without the agent.
// tracker() starts the frame's https server; site(tracker) the rest; both
// are node http(s) servers to close() when done.
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { readFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { ROOT, certificate } from "./browser.mjs";

const CONFIG = `{"revision": 1, "categories": [{"id": "necessary", "required": true}, {"id": "functional"}, {"id": "analytics"}, {"id": "marketing"}]}`;
const LINKS = `<a href="/a/page2.html">two</a> <a href="/plain.html">plain</a> <a href="/data.json">data</a>
  <a href="/redirect">away</a> <a href="/missing">missing</a> <a href="http://elsewhere.localhost:PORT/">elsewhere</a> <a href="/#top">top</a>`;
const AGENT = `<script id="consent-agent-config" type="application/json">${CONFIG}</script><script src="/dist/consent-agent.js"></script>`;

const PAGES = {
  "/": `<!doctype html><title>home</title>${AGENT}
<script>
  document.cookie = "_gid=GA1.2.3.4; path=/";
  localStorage.setItem("ajs_anonymous_id", "x");
  try { indexedDB.open("mixpanelBrowserDb"); } catch (e) {}
</script>
<iframe src="https://tracker.localhost:TLSPORT/frame.html"></iframe>
${LINKS}`,
  "/a/page2.html": `<!doctype html><title>two</title>${AGENT}
<script>document.cookie = "_hjSessionUser_123456=x; path=/a";</script>`,
  // A page without the agent, with a little banner of its own that honours
  // "Reject all" only on this page.
  "/plain.html": `<!doctype html><title>plain</title>
<script>
  const choice = (document.cookie.match(/plain_choice=(\\w+)/) || [])[1];
  if (choice !== "reject") {
    document.cookie = "_ga=GA1.1.111.222; path=/";
    document.cookie = "shop_banner_seen_20241107=1; path=/";
    sessionStorage.setItem("_hjTLDTest", "1");
    const s = document.createElement("script");
    s.src = "http://www.googletagmanager.com:PORT/gtag/js?id=G-TEST1";
    document.head.appendChild(s);
  }
  function choose(value) {
    document.cookie = "plain_choice=" + value + "; path=/";
    if (value === "reject") {
      document.cookie = "_ga=; path=/; max-age=0";
      sessionStorage.removeItem("_hjTLDTest");
    }
  }
</script>
<div id="banner"><button onclick="choose('reject')">Reject all</button> <button onclick="choose('accept')">Accept all</button></div>`,
  "/missing": null,
  // Never quiet (a request every 100 ms, for ever) and 3,000 links.
  "/busy.html": `<!doctype html><title>busy</title>
<script>setInterval(() => fetch("/ping?" + Math.random()).catch(() => {}), 100);</script>
${Array.from({ length: 3000 }, (_, i) => `<a href="/n/${i}.html">${i}</a>`).join(" ")}`,
};

// The third-party frame: over https, since a cookie set in a cross-site
// frame must be `SameSite=None; Secure`.
export function tracker() {
  const server = createTlsServer(certificate(), (req, res) => {
    res.writeHead(200, { "content-type": "text/html", "set-cookie": "IDE=abc123; Path=/; SameSite=None; Secure" });
    res.end(`<script>localStorage.setItem("trk_frame_seen", "1")</script>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export function site(tls) {
  const server = createServer((req, res) => {
    const host = (req.headers.host || "").split(":")[0];
    const port = server.address().port;
    const url = new URL(req.url, "http://x");
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
      res.end(body);
    };
    if (host === "www.googletagmanager.com") return send(200, "text/javascript", "window.gtagLoaded = true;");
    if (host === "elsewhere.localhost") return send(200, "text/html", "<title>elsewhere</title>");
    if (url.pathname.startsWith("/dist/")) {
      const file = join(ROOT, "dist", url.pathname.slice(6).replace(/\.\./g, ""));
      if (!existsSync(file)) return send(404, "text/plain", "no");
      const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
      return send(200, types[extname(file)] || "application/octet-stream", readFileSync(file));
    }
    if (url.pathname === "/data.json") return send(200, "application/json", `{"a": 1}`);
    if (url.pathname === "/redirect") return send(302, "text/html", "", { location: `http://elsewhere.localhost:${port}/` });
    if (url.pathname === "/ping") return send(200, "text/plain", "pong");
    if (url.pathname.startsWith("/n/")) return send(200, "text/html", `<title>n</title><a href="/busy.html">busy</a>`);
    const page = PAGES[url.pathname];
    if (!page) return send(404, "text/html", "<title>not found</title>");
    const headers = url.pathname === "/"
      ? { "set-cookie": ["PHPSESSID=srv123; Path=/; HttpOnly", "_fbp=fb.1.1.1; Domain=shop.localhost; Path=/"] }
      : {};
    send(200, "text/html", page.replaceAll("TLSPORT", String(tls.address().port)).replaceAll("PORT", String(port)), headers);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

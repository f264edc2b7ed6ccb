// One engine-neutral handle on a fresh browser, for the cross-engine tests
// (tests/e2e/engines.test.mjs):
//
//   chromium  Debian's chromium through playwright-core (launchServer, so the
//             pid is known); cookies from CDP Network.getAllCookies.
//   firefox   Debian's firefox-esr through puppeteer-core over WebDriver BiDi;
//             cookies from BiDi storage.getCookies (puppeteer's browser.cookies()).
//   webkit    WebKitGTK's MiniBrowser through WebKitWebDriver (plain W3C
//             WebDriver over HTTP, the tiny client below) under xvfb-run;
//             cookies from WebDriver "Get All Cookies", which only returns the
//             cookies the current document can see (its host and parent
//             domains, its path and the ancestor paths; HttpOnly ones
//             included): read them from a page at /a/b/ to see every scope
//             the tests plant.
//
// launch(engine) → {
//   engine, pid,
//   goto(url)                 navigate and wait for the load event and the agent's engine
//   evaluate(fn, arg)         run fn(arg) in the page (a self-contained function
//                             or its source; may be async); its JSON-able result
//   activate()                a real click on the page corner: the visitor interacting
//                             (so a script may widen consent: user activation)
//   click(fn, arg)            a real input click on the element fn(arg) returns
//   cookies()                 [{ name, value, domain, path, httpOnly }] from the
//                             browser's cookie API (domain: ".x" for a Domain= cookie)
//   storage()                 { local: [keys], session: [keys] } of the page, sorted
//   messages                  console messages [{ type, text }], or null where the
//                             engine gives no console (WebKit over plain WebDriver)
//   errors                    uncaught page exceptions, or null (same)
//   close()                   ends the browser and every process it started
// }
//
// Every browser gets a fresh profile (cookie jar and storage). Each launch
// starts its processes in a new process group led by `pid`; close() asks
// nicely, then kills that group (by its pid) if anything is left.
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";

export const ENGINES = ["chromium", "firefox", "webkit"];
/** The page host, and the parent domain cookies can be set on (`*.localhost` is loopback in all three engines). */
export const HOST = "www.shop.localhost";
export const PARENT = "shop.localhost";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FIREFOX = process.env.FIREFOX || "/usr/bin/firefox-esr";
// Debian ships it in libwebkit2gtk-4.1-0 (a dependency of webkit2gtk-driver), under the multiarch directory.
const MINIBROWSER = process.env.MINIBROWSER || readdirSync("/usr/lib").filter((d) => d.endsWith("-linux-gnu"))
  .map((d) => `/usr/lib/${d}/webkit2gtk-4.1/MiniBrowser`).find((f) => existsSync(f)) || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync",
];

export async function launch(engine) {
  const start = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit }[engine];
  if (!start) throw new Error(`unknown engine ${engine}`);
  const browser = await start();
  // Should the test process end with this browser still open (a hang, an
  // interrupt), its process group is killed on the way out.
  live.add(browser.pid);
  const close = browser.close;
  browser.close = async () => {
    await close();
    live.delete(browser.pid);
  };
  return browser;
}

const live = new Set();
process.once("exit", () => {
  for (const pid of live) forceEnd(pid);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const pid of live) forceEnd(pid);
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

const source = (fn) => (typeof fn === "function" ? fn.toString() : String(fn));
// Without the agent's own copy of its record (the record tests check it).
const sorted = () => ({ local: Object.keys(localStorage).filter((k) => k !== "consent_agent").sort(), session: Object.keys(sessionStorage).sort() });
const pick = (c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path, httpOnly: !!c.httpOnly });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function need(file, pkg) {
  if (!existsSync(file)) throw new Error(`${file} is missing: install the Debian package ${pkg} (./build.sh setup does)`);
}

// The temporary files a launch's processes name on their command lines
// (Firefox's profile, Chromium's user data, xvfb-run's X authority, Xvfb's
// display lock and socket): removed by their owners on a normal close, by
// forceEnd() otherwise.
const TEMPORARY = /^\/tmp\/(?:puppeteer_dev_firefox_profile-|playwright_chromiumdev_profile-|xvfb-run\.)[A-Za-z0-9]+/;

function temporaryDirs(pgid) {
  const dirs = new Set();
  for (const pid of members(pgid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      for (const arg of args) {
        const match = TEMPORARY.exec(arg.replace(/^--user-data-dir=/, ""));
        if (match) dirs.add(match[0]);
      }
      // Our Xvfb's lock file and socket (a killed Xvfb leaves them behind).
      if (/(^|\/)Xvfb$/.test(args[0]) && /^:\d+$/.test(args[1])) {
        dirs.add(`/tmp/.X${args[1].slice(1)}-lock`);
        dirs.add(`/tmp/.X11-unix/X${args[1].slice(1)}`);
      }
    } catch {}
  }
  return [...dirs];
}

/** Kills what is left of the group led by `pid`, at once, and removes the temporary files it named. */
function forceEnd(pid) {
  if (!pid) return;
  const dirs = temporaryDirs(pid);
  killGroup(pid);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** Kills the process group led by `pid` if any of it is left. */
function killGroup(pid, signal = "SIGKILL") {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") throw error;
  }
}

async function within(ms, promise) {
  let timer;
  try {
    return await Promise.race([promise, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

/** The live (not zombie) processes of the group led by `pgid` (Linux /proc). */
function members(pgid) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(group) === pgid && state !== "Z") found.push(Number(entry));
    } catch {}
  }
  return found;
}

/** Waits (up to `ms`) for every process of the group led by `pid` to be gone. */
async function groupGone(pid, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const left = members(pid).length === 0;
    if (left || Date.now() > end) return left;
    await sleep(50);
  }
}

// What a playwright and a puppeteer page have in common: navigation,
// evaluation, a real click, page storage, console messages and page errors.
// After a navigation: the agent's engine is ready too (the tag starts it
// without blocking the page, so `load` may come first).
// (At most 10 s: an engine that cannot start never gets ready.)
const ENGINE_READY = "() => Promise.race([window.consentAgent && window.consentAgent.ready, new Promise((r) => setTimeout(r, 10000))]).then(() => true)";

function pageHandle(page, gotoOptions) {
  const messages = [];
  const errors = [];
  page.on("console", (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => errors.push(e.message));
  const call = (fn, arg) => `(${source(fn)})(${JSON.stringify(arg ?? null)})`;
  return {
    messages, errors,
    async goto(url) {
      const response = await page.goto(url, gotoOptions);
      if (response && !response.ok()) throw new Error(`${url}: HTTP ${response.status()}`);
      await page.evaluate(call(ENGINE_READY)).catch(() => {});
    },
    evaluate: (fn, arg) => page.evaluate(call(fn, arg)),
    // A real click on the page's top-left corner: the visitor interacting,
    // so a page script may widen consent now (transient user activation).
    activate: () => page.mouse.click(2, 2),
    async click(fn, arg) {
      const element = (await page.evaluateHandle(call(fn, arg))).asElement();
      if (!element) throw new Error("click: the function returned no element");
      await element.click();
    },
    storage: () => page.evaluate(sorted),
  };
}

// ---------------------------------------------------------------- chromium

async function launchChromium() {
  need(CHROMIUM, "chromium");
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const pid = server.process().pid;
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    return {
      engine: "chromium", pid, ...pageHandle(page, {}),
      async cookies() {
        const { cookies } = await cdp.send("Network.getAllCookies");
        return cookies.map(pick);
      },
      async close() {
        await within(5000, browser.close().catch(() => {}));
        await within(5000, server.close().catch(() => {}));
        if (!(await groupGone(pid, 2000))) forceEnd(pid);
      },
    };
  } catch (error) {
    forceEnd(pid);
    throw error;
  }
}

// ---------------------------------------------------------------- firefox

async function launchFirefox() {
  need(FIREFOX, "firefox-esr");
  const browser = await puppeteer.launch({ browser: "firefox", protocol: "webDriverBiDi", executablePath: FIREFOX, headless: true });
  const pid = browser.process()?.pid;
  try {
    const page = await browser.newPage();
    return {
      engine: "firefox", pid, ...pageHandle(page, { waitUntil: "load" }),
      // BiDi storage.getCookies without a partition: the whole jar of the default user context.
      async cookies() {
        return (await browser.cookies()).map(pick);
      },
      async close() {
        await within(5000, browser.close().catch(() => {}));
        if (pid && !(await groupGone(pid, 2000))) forceEnd(pid);
      },
    };
  } catch (error) {
    await within(5000, browser.close().catch(() => {}));
    forceEnd(pid);
    throw error;
  }
}

// ---------------------------------------------------------------- webkit

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The children of `pid` (Linux /proc). */
function children(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

async function launchWebKit() {
  need("/usr/bin/WebKitWebDriver", "webkit2gtk-driver");
  need("/usr/bin/xvfb-run", "xvfb");
  need(MINIBROWSER, "libwebkit2gtk-4.1-0");
  const port = await freePort();
  // xvfb-run starts Xvfb and the driver; the driver starts MiniBrowser, which
  // starts its network and web processes: all in the group led by xvfb-run.
  const child = spawn("xvfb-run", ["-a", "WebKitWebDriver", `--port=${port}`], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const pid = child.pid;
  let log = "";
  child.stderr.on("data", (d) => { log = (log + d).slice(-4000); });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const base = `http://127.0.0.1:${port}`;
  async function call(method, path, body) {
    const response = await fetch(base + path, {
      method, headers: { "content-type": "application/json; charset=utf-8" }, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60000),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }
  let session = null;
  async function close() {
    if (session) await within(5000, call("DELETE", `/session/${session}`).catch(() => {}));
    session = null;
    // Stopping the driver lets xvfb-run clean up (stop Xvfb, remove its
    // temporary directory); whatever is left of the group is killed.
    for (const driver of children(pid)) {
      if (readFileSync(`/proc/${driver}/comm`, "utf8").trim().startsWith("WebKitWebDriver")) {
        try { process.kill(driver, "SIGTERM"); } catch {}
      }
    }
    await within(3000, exited);
    if (!(await groupGone(pid, 1000))) forceEnd(pid);
    await groupGone(pid, 2000);
  }
  try {
    const end = Date.now() + 15000;
    for (;;) {
      try {
        if ((await call("GET", "/status")).ready) break;
      } catch (error) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${error.message}\n${log}`);
      }
      await sleep(50);
    }
    const created = await call("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          "webkitgtk:browserOptions": { binary: MINIBROWSER, args: ["--automation"] },
          timeouts: { script: 30000, pageLoad: 30000, implicit: 0 },
        },
      },
    });
    session = created.sessionId;
    const s = `/session/${session}`;
    // The page's result (or exception) comes back as JSON, the same for sync and async functions.
    const run = async (fn, arg) => {
      const script = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${source(fn)})(arguments[0]))
          .then((value) => done({ json: value === undefined ? "null" : JSON.stringify(value) }),
                (error) => done({ error: error instanceof Error ? error.name + ": " + error.message : String(error) }));`;
      const result = await call("POST", `${s}/execute/async`, { script, args: [arg ?? null] });
      if (result.error) throw new Error(`evaluate: ${result.error}`);
      return JSON.parse(result.json);
    };
    return {
      engine: "webkit", pid, messages: null, errors: null,
      async goto(url) {
        await call("POST", `${s}/url`, { url });
        await run(ENGINE_READY).catch(() => {});
      },
      evaluate: run,
      activate: () => call("POST", `${s}/actions`, { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
        actions: [{ type: "pointerMove", x: 2, y: 2, origin: "viewport" }, { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }] }] }),
      async click(fn, arg) {
        const element = await call("POST", `${s}/execute/sync`, { script: `return (${source(fn)})(arguments[0]);`, args: [arg ?? null] });
        if (!element || !element[ELEMENT]) throw new Error("click: the function returned no element");
        await call("POST", `${s}/element/${element[ELEMENT]}/click`, {});
      },
      // Only the cookies the current document can see (see the top of this file).
      async cookies() {
        return (await call("GET", `${s}/cookie`)).map(pick);
      },
      storage: () => run(sorted),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

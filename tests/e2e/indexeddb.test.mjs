// End-to-end in three engines: IndexedDB (src/web/databases.js). A refused
// database present at load is gone; a refused open() throws SecurityError
// while an allowed one works; a refused database the page holds open is
// deleted once the page closes it; one the page opened before the engine
// was ready and holds open is closed by the agent and deleted; an allowed
// database keeps its data; a
// browser without indexedDB.databases() gets no deletion and no error.
// Verdicts from the browser: the page's own indexedDB.databases() and
// reads of the data, never the agent's report.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ENGINES, HOST, launch } from "../support/engines.mjs";
import { serve } from "../support/server.mjs";

let server, origin;
before(async () => {
  server = await serve();
  origin = `http://${HOST}:${server.port}`;
});
after(async () => {
  await server?.close();
});
const LIMIT = { timeout: 90000 };
const page = (name) => `${origin}/a/b/${name}`;

async function using(engine, body) {
  const browser = await launch(engine);
  try {
    return await body(browser);
  } finally {
    await browser.close();
  }
}

// In the page: creates database `name` with one record, closed after; or,
// with `hold`, kept open (window.held) with no versionchange handler.
const create = async ([name, hold]) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore("things");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise((resolve, reject) => {
    const tx = db.transaction("things", "readwrite");
    tx.objectStore("things").put("kept value", "k");
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  if (hold) window.held = db;
  else db.close();
  return true;
};
// In the page: open(name), in the page or (`inFrame`) in a new same-origin
// frame; "opened", or the name of the exception it threw.
const openIn = ([inFrame, name]) => {
  let win = window;
  if (inFrame) {
    const frame = document.createElement("iframe");
    document.body.appendChild(frame);
    win = frame.contentWindow;
  }
  try {
    win.indexedDB.open(name);
    return "opened";
  } catch (error) {
    return error.name;
  }
};
// The browser's own list of the origin's databases, sorted.
const listed = async () => (await indexedDB.databases()).map((d) => d.name).sort();
// The record in an allowed database, read back.
const read = async (name) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const value = await new Promise((resolve) => {
    const get = db.transaction("things").objectStore("things").get("k");
    get.onsuccess = () => resolve(get.result);
  });
  db.close();
  return value;
};
async function until(browser, fn, arg, expected, what) {
  let last;
  for (let i = 0; i < 40; i++) {
    last = await browser.evaluate(fn, arg);
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(last, expected, what);
}

for (const engine of ENGINES) {
  test(`${engine}: IndexedDB: a refused database is deleted at load, a refused open throws SecurityError, an allowed one keeps its data`, LIMIT, () => using(engine, async (b) => {
    await b.goto(page("blank.html"));
    const canList = await b.evaluate(() => typeof indexedDB.databases === "function");
    assert.ok(canList, `${engine} lists databases (indexedDB.databases)`);
    // A site rule's database, a necessary one, an unknown one, and one the
    // catalog knows (Firebase's heartbeat: analytics).
    // (And a refused name with a line break: any string is a name.)
    for (const name of ["stats_db_1", "shop_cache", "mystery_db", "firebase-heartbeat-database", "stats_db\nshop_cache"]) await b.evaluate(create, [name, false]);
    assert.deepEqual(await b.evaluate(listed), ["firebase-heartbeat-database", "mystery_db", "shop_cache", "stats_db\nshop_cache", "stats_db_1"]);
    await b.goto(page("idb.html"));
    await until(b, listed, null, ["mystery_db", "shop_cache"], "the refused databases are gone; the necessary and the unknown one stay");
    assert.equal(await b.evaluate(read, "shop_cache"), "kept value", "an allowed database keeps its data");
    // audit() lists what is left, with each database's category.
    await until(b, () => consentAgent.audit().filter((r) => r.storage === "indexedDB").map((r) => [r.name, r.category, r.allowed]).sort(), null,
      [["mystery_db", null, true], ["shop_cache", "necessary", true]], "audit() lists the databases left");
    assert.equal(await b.evaluate(openIn, [false, "stats_db_2"]), "SecurityError");
    // The same in a frame of the page's origin the page creates.
    assert.equal(await b.evaluate(openIn, [true, "stats_db_3"]), "SecurityError", "a same-origin frame's open is refused too");
    assert.deepEqual(await b.evaluate(listed), ["mystery_db", "shop_cache"], "nothing was created by the refused open");
    assert.equal(await b.evaluate(create, ["shop_cache_2", false]), true, "an open nothing refuses works");
  }));

  test(`${engine}: IndexedDB: a refused database the page holds open is deleted once the page closes it`, LIMIT, () => using(engine, async (b) => {
    await b.goto(page("idb.html"));
    await b.activate(); // the visitor's click: a script may now grant
    await b.evaluate(() => consentAgent.accept(["analytics"]));
    assert.equal(await b.evaluate(() => consentAgent.consent().categories.analytics), true);
    await b.evaluate(create, ["stats_db_held", true]);
    await b.evaluate(() => consentAgent.rejectAll());
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await b.evaluate(listed), ["stats_db_held"], "still there while the page holds it open");
    await b.evaluate(() => { window.held.close(); });
    await until(b, listed, null, [], "deleted once the page closed it");
  }));

  test(`${engine}: IndexedDB: a refused database opened before the engine is ready and held open is closed and deleted`, LIMIT, () => using(engine, async (b) => {
    await b.goto(page("idb.html?early"));
    await until(b, listed, null, [], "the agent closed the page's early connection and deleted the database");
    // (When the agent closes the connection while the page is still creating
    // the database, the open fails with AbortError and nothing is created.)
  }));

  test(`${engine}: IndexedDB in a browser that cannot list databases: nothing deleted, refused opens still refused, no error`, LIMIT, () => using(engine, async (b) => {
    await b.goto(page("blank.html"));
    await b.evaluate(create, ["stats_db_1", false]);
    await b.goto(page("idb.html?nolist"));
    assert.equal(await b.evaluate(() => typeof indexedDB.databases), "undefined", "the page removed databases()");
    assert.equal(await b.evaluate(openIn, [false, "stats_db_2"]), "SecurityError");
    await new Promise((r) => setTimeout(r, 300));
    await b.goto(page("blank.html"));
    assert.deepEqual(await b.evaluate(listed), ["stats_db_1"], "the agent guesses no names: what it cannot list stays");
    if (b.errors) assert.deepEqual(b.errors, []);
  }));
}

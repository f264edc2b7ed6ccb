// End-to-end: built-in knowledge on a page of a Liferay and Creatio site:
// classify(), audit(), declaration(), the data-debug inventory and the
// rendered declaration table; the catalog switched off; where the
// declaration file and the module come from (network events).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, plant, plantStorage, allCookies, scopes, settled } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

async function liferayPage() {
  const page = await newPage(env);
  await plant(page, env.http, ["JSESSIONID_VISIBLE=1; Path=/", "GUEST_LANGUAGE_ID=en_US; Path=/", "LFR_SESSION_STATE_20123=1; Path=/",
    "BPMCSRF=t; Path=/", "UserName=ann; Path=/", "_ga=GA1.1; Path=/", "_hjSessionUser_123456=x; Path=/", "mystery_pref=1; Path=/"]);
  await plantStorage(page, env.http, { ac_client_user_id: "u", ac_client_batch: "[]", sidebar: "open", ajs_anonymous_id: "a" },
    { "com.liferay.search.experiences.web_successMessage": "1" });
  await page.goto(`${env.http}/a/b/liferay.html`);
  return page;
}

test("classify uses site rules, then enabled packs, then the catalog, storage-aware", async () => {
  const page = await liferayPage();
  const result = await page.evaluate(() => {
    const c = consentAgent.classify;
    return [c("shop_theme"), c("ID"), c("product"), c("sidebar", "localStorage"), c("ac_client_user_id"), c("ac_client_user_id", "localStorage"),
      c("_gat_gtag_UA_12345_1"), c("_pk_id.1.a1b2"), c("mp_0123456789abcdef0123456789abcdef_mixpanel"), c("tp_lang"), c("mp_checkout_step"),
      c("sb-sidebar-collapsed"), c("OptanonConsent"), c("liferay.cookie.consent"), c("com.liferay.search.experiences.web_successMessage", "sessionStorage")];
  });
  assert.deepEqual(result, ["functional", "necessary", "necessary", "functional", "marketing", "analytics",
    "analytics", "analytics", "analytics", null, null, null, "necessary", "necessary", "functional"]);
  await page.context().close();
});

test("audit lists every visible entry with category, source and whether it may stay, deleting nothing", async () => {
  const page = await liferayPage();
  const audit = await page.evaluate(() => { const before = document.cookie; const rows = consentAgent.audit(); return { rows, same: before === document.cookie }; });
  assert.ok(audit.same);
  const byName = Object.fromEntries(audit.rows.map((r) => [`${r.storage}:${r.name}`, r]));
  assert.deepEqual(byName["cookie:GUEST_LANGUAGE_ID"], undefined, "refused at load (functional), so not visible any more");
  assert.deepEqual(byName["cookie:LFR_SESSION_STATE_20123"], { name: "LFR_SESSION_STATE_20123", storage: "cookie", category: "necessary", source: "platform:liferay-dxp", allowed: true });
  assert.deepEqual(byName["cookie:BPMCSRF"], { name: "BPMCSRF", storage: "cookie", category: "necessary", source: "platform:creatio", allowed: true });
  assert.deepEqual(byName["cookie:mystery_pref"], { name: "mystery_pref", storage: "cookie", category: null, source: null, allowed: true });
  assert.deepEqual(byName["cookie:consent_agent"], undefined, "no record before a choice");
  await page.evaluate(() => consentAgent.acceptAll());
  const rows = await page.evaluate(() => consentAgent.audit());
  assert.deepEqual(rows.find((r) => r.name === "consent_agent"), { name: "consent_agent", storage: "cookie", category: "necessary", source: "site", allowed: true });
  await page.context().close();
});

test("data-debug prints the inventory once, unknown entries first, with a rule hint", async () => {
  const page = await liferayPage();
  const info = page.messages.filter((m) => m.text.startsWith("consent-agent: what this page stores"));
  assert.equal(info.length, 1);
  const tables = page.messages.filter((m) => m.type === "table");
  assert.equal(tables.length, 1, JSON.stringify(page.messages.map((m) => m.type)));
  await page.context().close();
});

test("declaration() and the rendered table: site rules, enabled packs, catalog entries present; text never parsed as HTML", async () => {
  const page = await liferayPage();
  await page.evaluate(() => {
    consentAgent.acceptAll();
    document.cookie = "_hjSessionUser_123456=x; path=/"; // accepted now, so it lands
  });
  const rows = await page.evaluate(() => consentAgent.declaration());
  const names = rows.map((r) => r.name);
  assert.ok(names.includes("shop_theme"));
  assert.ok(names.includes("JSESSIONID") && names.includes("BPMSESSIONID") && names.includes("ac_client_batch"), "pack rows");
  assert.ok(names.includes("_hjSessionUser_*"), "catalog row for an entry present on the page");
  assert.ok(!names.includes("_pk_id.*"), "no catalog rows for entries not on the page");
  // Details of pack and catalog rows come from the declaration file, as catalog/catalog.tsv says.
  const jsession = rows.find((r) => r.name === "JSESSIONID");
  assert.deepEqual(jsession, { name: "JSESSIONID", storage: "cookie", category: "necessary", source: "platform:liferay-dxp",
    provider: "Liferay DXP", retention: "session", purpose: "Session id", serverSet: true });
  assert.deepEqual(rows.find((r) => r.name === "_hjSessionUser_*"), { name: "_hjSessionUser_*", storage: "cookie", category: "analytics",
    source: "catalog", provider: "Hotjar", retention: "persistent", purpose: "Hotjar: measures visits and usage", serverSet: false });
  assert.equal(rows.find((r) => r.name === "shop_theme").source, "site");
  assert.ok(rows.filter((r) => r.source !== "site").every((r) => r.provider && r.purpose), "every pack and catalog row has its details");
  await page.waitForFunction(() => document.querySelectorAll("#declaration tbody tr").length > 0);
  const table = await page.evaluate(() => {
    const root = document.getElementById("declaration");
    const row = (name) => [...root.querySelectorAll("tbody tr")].find((tr) => tr.cells[0].textContent === name)?.textContent;
    return {
      captions: [...root.querySelectorAll("caption")].map((c) => c.textContent),
      headers: [...root.querySelectorAll("thead th")].slice(0, 5).map((th) => th.textContent + "/" + th.getAttribute("scope")),
      theme: row("shop_theme"),
      jsession: row("JSESSIONID"),
      injected: window.injected ?? null,
      images: root.querySelectorAll("img, b").length,
    };
  });
  assert.deepEqual(table.captions, ["Strictly necessary", "Preferences", "Statistics — How visitors use the site", "Marketing"]);
  assert.deepEqual(table.headers, ["Name/col", "Storage/col", "Provider/col", "Retention/col", "Purpose/col"]);
  assert.equal(table.theme, 'shop_themecookie<b>Example</b> Shop1 year<img src=x onerror="window.injected=1">Remembers dark mode');
  assert.equal(table.jsession, "JSESSIONIDcookieLiferay DXPsessionSession id (set by the server, which must honour the choice)");
  assert.equal(table.injected, null);
  assert.equal(table.images, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the declaration file is downloaded only when the declaration is asked for; without it rows keep name and category", async () => {
  const page = await newPage(env);
  const fetched = [];
  page.on("request", (r) => { if (r.url().endsWith(".json")) fetched.push(new URL(r.url()).pathname); });
  // What every visitor downloads, as the browser received it.
  const script = page.waitForResponse((r) => new URL(r.url()).pathname === "/consent-agent.js").then((r) => r.body());
  await page.goto(`${env.http}/a/b/page.html`);
  // It classifies the catalog's names by itself...
  assert.deepEqual(await page.evaluate(() => [consentAgent.classify("_hjSessionUser_123"), consentAgent.classify("_gid")]), ["analytics", "analytics"]);
  await page.evaluate(() => consentAgent.sweep());
  assert.deepEqual(fetched, [], "a page that shows no declaration does not download it");
  // ...but carries none of the declaration's texts.
  const body = (await script).toString("latin1");
  for (const text of ["Hotjar: measures visits and usage", "Tracks visitors for advertising"]) assert.ok(!body.includes(text), `"${text}" is not in the script`);
  await page.evaluate(() => {
    consentAgent.acceptAll();
    document.cookie = "_gid=GA1.1; path=/"; // a catalog entry on the page: its details are in the file
  });
  await page.evaluate(() => consentAgent.declaration());
  assert.deepEqual(fetched, ["/consent-agent-declaration.json"], "beside the script");

  await page.goto(`${env.http}/a/b/declaration-missing.html`);
  await page.evaluate(() => {
    consentAgent.acceptAll();
    document.cookie = "_ga=GA1.1; path=/";
  });
  const rows = await page.evaluate(() => consentAgent.declaration());
  assert.deepEqual(rows.find((r) => r.name === "_ga"), { name: "_ga", storage: "cookie", category: "analytics", source: "catalog",
    provider: "", retention: "", purpose: "", serverSet: false });
  assert.equal(rows.find((r) => r.name === "theme").provider, "Shop", "site rules keep their details");
  const errors = page.messages.filter((m) => m.type === "error" && m.text.startsWith("consent-agent:"));
  assert.equal(errors.length, 1, JSON.stringify(page.messages));
  assert.match(errors[0].text, /could not load the declaration file \/no-such-declaration\.json: HTTP status 404/);
  await page.evaluate(() => consentAgent.declaration());
  assert.equal(page.messages.filter((m) => m.type === "error" && m.text.startsWith("consent-agent:")).length, 1, "said once");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("catalog: false: names only the catalog knows are unknown (kept), site rules still apply, the declaration file is never fetched", async () => {
  const page = await newPage(env);
  const fetched = [];
  page.on("request", (r) => { if (r.url().endsWith(".json")) fetched.push(new URL(r.url()).pathname); });
  await plant(page, env.http, ["_ga=GA1.1; Path=/", "_fbp=fb.1; Domain=example.test; Path=/", "_hjSessionUser_1=x; Path=/a", "ads_id=1; Path=/"]);
  await page.goto(`${env.http}/a/b/catalog-off.html`);
  const kept = ["_ga", "_fbp", "_hjSessionUser_1"];
  let cookies = await allCookies(page);
  assert.deepEqual(kept.filter((n) => scopes(cookies, n).length !== 1), [], "unknown without the catalog, so kept (unknown: keep)");
  assert.deepEqual(scopes(cookies, "ads_id"), [], "the site's marketing rule applies");
  await page.evaluate(() => consentAgent.rejectAll());
  await settled(page);
  cookies = await allCookies(page);
  assert.deepEqual(kept.filter((n) => scopes(cookies, n).length !== 1), [], "still kept after a rejection");
  assert.deepEqual(await page.evaluate(() => [consentAgent.classify("_ga"), consentAgent.classify("_fbp"), consentAgent.classify("ads_id")]), [null, null, "marketing"]);
  await page.evaluate(() => { document.cookie = "ads_id=2; path=/"; });
  const rows = await page.evaluate(() => consentAgent.declaration());
  assert.deepEqual(rows.map((r) => `${r.name} ${r.source}`), ["ads_id site"], "the declaration lists the site's rules only");
  await page.waitForFunction(() => document.querySelectorAll("[data-consent-agent-declaration] tbody tr").length === 1, null, { timeout: 2000 });
  assert.deepEqual(fetched, [], "no declaration file is downloaded");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("data-declaration on another origin: fetched from there with CORS; without CORS the console says so once and rows keep name and category", async () => {
  const page = await newPage(env);
  const requests = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname.endsWith("/consent-agent-declaration.json")) requests.push(r.url()); });
  const cdn = `http://cdn.example.test:${new URL(env.http).port}/cdn/consent-agent-declaration.json`;
  const open = async (url) => {
    await page.goto(`${env.http}/a/b/declaration-elsewhere.html?declaration=${encodeURIComponent(url)}`);
    return page.evaluate(() => {
      consentAgent.acceptAll();
      document.cookie = "_gid=GA1.1; path=/"; // a catalog entry on the page: its details are in the file
      return consentAgent.declaration().then((rows) => rows.find((r) => r.name === "_gid"));
    });
  };
  const withCors = await open(`${cdn}?cors`);
  assert.deepEqual(requests, [`${cdn}?cors`], "fetched from the other origin");
  assert.equal(withCors.provider, "Google Analytics", "its details arrived");

  requests.length = 0;
  page.messages.length = 0;
  const without = await open(cdn);
  assert.deepEqual(requests, [cdn]);
  assert.deepEqual(without, { name: "_gid", storage: "cookie", category: "analytics", source: "catalog", provider: "", retention: "", purpose: "", serverSet: false });
  await page.evaluate(() => consentAgent.declaration());
  const said = page.messages.filter((m) => m.type === "error" && m.text.startsWith("consent-agent: could not load the declaration file"));
  assert.equal(said.length, 1, JSON.stringify(page.messages));
  assert.ok(said[0].text.includes(cdn), said[0].text);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("init({ module, declaration }): the module and the declaration file come from the given URLs", async () => {
  const page = await newPage(env);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await plant(page, env.http, ["_ga=1; Path=/", "cart=1; Path=/"]);
  requests.length = 0;
  await page.goto(`${env.http}/a/b/esm-options.html`);
  const consent = await page.evaluate(() => window.agentReady);
  assert.equal(consent.categories.analytics, false);
  assert.deepEqual(scopes(await allCookies(page), "_ga"), [], "enforcing: the refused cookie is gone from the jar");
  assert.ok(requests.includes("/cdn/esm/consent_agent_bg.wasm"), requests.join(" "));
  assert.ok(!requests.includes("/esm/consent_agent_bg.wasm"), "not the default beside the module");
  const gid = await page.evaluate(() => {
    consentAgent.acceptAll();
    document.cookie = "_gid=GA1.1; path=/";
    return consentAgent.declaration().then((rows) => rows.find((r) => r.name === "_gid"));
  });
  assert.equal(gid.provider, "Google Analytics");
  const declarations = requests.filter((p) => p.endsWith("consent-agent-declaration.json"));
  assert.deepEqual(declarations, ["/cdn/consent-agent-declaration.json"], "the given declaration file, not the one beside the module");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

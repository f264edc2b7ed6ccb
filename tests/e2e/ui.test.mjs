// End-to-end: the banner, the preferences dialog and withdrawal, in
// Chromium: choice flows, persistence, keyboard and focus, languages, themes
// and the look variables, isolation from the site's CSS, a strict CSP, text
// injection, axe-core, and screenshots written to test-artifacts/ (look at
// them). What a choice does is read from the browser: the stored record and
// the cookies in the jar (CDP); the agent's consent() only in addition.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setUp, newPage, plant, allCookies, scopes, storedRecord, until, servePage, clickUi, pierceRoot } from "../support/browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ARTIFACTS = join(ROOT, "test-artifacts");
const AXE = join(ROOT, "node_modules/axe-core/axe.min.js");

let env;
before(async () => {
  env = await setUp();
  mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  await env?.close();
});

/** What the UI shows now, read through the open shadow root. */
function state(page) {
  return page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui")?.shadowRoot;
    if (!root) return null;
    const visible = (sel) => { const n = root.querySelector(sel); return !!n && !n.hidden; };
    const active = root.activeElement;
    return {
      banner: visible(".banner"),
      dialog: visible(".dialog"),
      floating: visible(".floating"),
      focused: !active ? null : active.classList.contains("dialog") ? "dialog" : active.getAttribute("aria-label") || active.textContent,
      bannerText: root.querySelector(".banner")?.textContent,
      buttons: [...root.querySelectorAll(".banner button")].map((b) => b.textContent),
    };
  });
}

// One cookie per optional category (the catalog's: pll_language functional,
// _ga analytics, _fbp marketing), each in three scopes of /a/b/.
const TRACKERS = ["pll_language", "_ga", "_fbp"];
const THREE_SCOPES = ["Path=/", "Domain=example.test; Path=/a", "Path=/a/b"];
async function plantTrackers(page) {
  await plant(page, env.http, TRACKERS.flatMap((name) => THREE_SCOPES.map((scope) => `${name}=1; ${scope}`)));
}
/** For each tracker: how many of its three scopes are in the jar. */
async function trackersLeft(page) {
  const cookies = await allCookies(page);
  return Object.fromEntries(TRACKERS.map((name) => [name, scopes(cookies, name).length]));
}

/**
 * Waits for the banner or the settings button to exist: a page in a built-in
 * language the English tag does not carry (ui-de, ui-modal) shows the UI
 * once consent-agent-i18n/<lang>.json has arrived.
 */
async function uiReady(page) {
  await page.waitForFunction(() => document.getElementById("consent-agent-ui")?.shadowRoot?.querySelector("button"), null, { timeout: 5000 });
}

const click = (page, text) => clickUi(page, text);

test("first visit: a banner, nothing pre-ticked; Accept all and Reject all are the same element, size and style", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui.html`);
  const s = await state(page);
  assert.equal(s.banner, true);
  assert.deepEqual(s.buttons, ["Accept all", "Reject all", "Preferences"]);
  const look = await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const [accept, reject] = root.querySelectorAll(".banner .choice");
    const box = (b) => { const r = b.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
    const style = (b) => { const c = getComputedStyle(b); return [c.backgroundColor, c.color, c.fontSize, c.fontWeight, c.borderRadius, c.fontFamily]; };
    return { tags: [accept.tagName, reject.tagName], boxes: [box(accept), box(reject)], styles: [style(accept), style(reject)], switches: [...root.querySelectorAll("input[role=switch]")].map((i) => i.checked) };
  });
  assert.deepEqual(look.tags, ["BUTTON", "BUTTON"]);
  assert.deepEqual(look.boxes[0], look.boxes[1]);
  assert.deepEqual(look.styles[0], look.styles[1]);
  assert.ok(!look.styles[0][5].includes("Comic"), "the site's CSS does not reach the banner: " + look.styles[0][5]);
  assert.deepEqual(look.switches, [true, false, false, false], "only the required category is on");
  assert.equal((await page.evaluate(() => consentAgent.consent())).decidedAt, null, "ignoring the banner means no consent");
  await page.screenshot({ path: join(ARTIFACTS, "banner-light.png") });

  await click(page, "Accept all");
  const after = await state(page);
  assert.deepEqual([after.banner, after.dialog, after.floating], [false, false, true], "banner closed, settings button shown");
  const record = await storedRecord(page);
  assert.deepEqual([record.granted, record.denied], [["analytics", "functional", "marketing", "necessary"], []], "the stored record grants everything");
  // Cookies of every category set later stay, on this load and the next.
  await plantTrackers(page);
  await page.goto(`${env.http}/a/b/ui.html`);
  assert.deepEqual(await trackersLeft(page), { pll_language: 3, _ga: 3, _fbp: 3 });
  assert.equal((await state(page)).banner, false);
  assert.equal(await page.evaluate(() => consentAgent.accepted("marketing")), true);
  await page.context().close();
});

test("preferences: switches per category, Save choices; the choice persists; withdrawal as easy as giving", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui.html`);
  await click(page, "Preferences");
  let s = await state(page);
  assert.equal(s.dialog, true);
  assert.equal(s.banner, false);
  // The cookie lists arrive with the declaration file, fetched when the dialog first opens.
  await page.waitForFunction(() => document.getElementById("consent-agent-ui").shadowRoot.querySelector("details tbody td"));
  const dialog = await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const d = root.querySelector(".dialog");
    return {
      role: d.getAttribute("role"), modal: d.getAttribute("aria-modal"),
      label: root.getElementById(d.getAttribute("aria-labelledby")).textContent,
      description: root.getElementById(d.getAttribute("aria-describedby")).textContent,
      switches: [...root.querySelectorAll("input[role=switch]")].map((i) => [root.querySelector(`label[for=${i.id}]`).textContent, i.checked, i.disabled]),
      entries: [...root.querySelectorAll("details tbody th")].map((th) => th.textContent),
    };
  });
  assert.deepEqual([dialog.role, dialog.modal, dialog.label], ["dialog", "true", "Cookie preferences"]);
  assert.match(dialog.description, /Strictly necessary storage is always on/);
  assert.deepEqual(dialog.switches, [["Strictly necessary (Always on)", true, true], ["Preferences", false, false], ["Statistics", false, false], ["Marketing", false, false]]);
  assert.ok(dialog.entries.includes("_ga"), "the category's cookies are listed");
  await page.screenshot({ path: join(ARTIFACTS, "dialog-light.png") });

  await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    root.querySelectorAll("input[role=switch]")[2].click(); // Statistics on
  });
  await click(page, "Save choices");
  let record = await storedRecord(page);
  assert.deepEqual([record.granted, record.denied], [["analytics", "necessary"], ["functional", "marketing"]], "Save choices stored the switches");
  assert.deepEqual((await page.evaluate(() => consentAgent.consent())).categories, { necessary: true, functional: false, analytics: true, marketing: false });

  await plantTrackers(page);
  await page.goto(`${env.http}/a/b/ui.html`);
  assert.deepEqual(await trackersLeft(page), { pll_language: 0, _ga: 3, _fbp: 0 }, "on the next load: statistics kept, the rest gone");
  s = await state(page);
  assert.equal(s.banner, false, "no banner once a choice is stored");
  assert.equal(s.floating, true);
  // Withdrawal: the floating button or any [data-consent-agent-open] element reopens the dialog.
  await click(page, "Cookie settings");
  assert.equal((await state(page)).dialog, true);
  await click(page, "Reject all");
  record = await storedRecord(page);
  assert.deepEqual([record.granted, record.denied], [["necessary"], ["analytics", "functional", "marketing"]]);
  assert.deepEqual(await trackersLeft(page), { pll_language: 0, _ga: 0, _fbp: 0 }, "withdrawal removed statistics cookies from every scope");
  assert.equal(await page.evaluate(() => consentAgent.accepted("analytics")), false);
  await page.click("a[data-consent-agent-open]");
  assert.equal((await state(page)).dialog, true);
  await page.evaluate(() => consentAgent.hide());
  assert.equal((await state(page)).dialog, false);
  await page.evaluate(() => consentAgent.showBanner());
  assert.equal((await state(page)).banner, true);
  await page.evaluate(() => consentAgent.hide());
  // reset() forgets the record and asks again.
  await page.evaluate(() => consentAgent.reset());
  assert.equal(await storedRecord(page), null);
  assert.equal((await state(page)).banner, true);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** What has keyboard focus inside the UI: a button's label, "switch:<category label>" or "dialog". */
function focused(page) {
  return page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const active = root.activeElement;
    if (!active) return null;
    if (active.getAttribute("role") === "switch") return "switch:" + root.querySelector(`label[for=${active.id}]`).firstChild.textContent;
    return active.classList.contains("dialog") ? "dialog" : active.getAttribute("aria-label") || active.textContent;
  });
}
/** Presses Tab until `target` has focus (at most 20 times); fails when it never does. */
async function tabTo(page, target) {
  const seen = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now === target) return;
    seen.push(now);
  }
  assert.fail(`Tab never reached ${target}: ${seen.join(" | ")}`);
}

test("keyboard: focus moves into the dialog and is trapped; Esc closes it and restores focus; Esc leaves an unanswered banner", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui.html`);
  await page.focus("#site-button");
  await page.keyboard.press("Escape");
  assert.equal((await state(page)).banner, true, "Esc does not dismiss an unanswered banner");
  await page.evaluate(() => consentAgent.acceptAll());
  await page.evaluate(() => document.getElementById("site-button").focus());
  await page.evaluate(() => consentAgent.showPreferences());
  assert.equal((await state(page)).focused, "dialog", "focus moved into the dialog");
  const seen = new Set();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => document.activeElement?.id === "consent-agent-ui");
    assert.ok(inside, "focus stays in the dialog");
    seen.add((await state(page)).focused);
  }
  assert.ok(seen.has("Save choices") && seen.has("Close") && seen.has("Reject all"), [...seen].join("|"));
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Escape");
  assert.equal((await state(page)).dialog, false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-button", "focus restored");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("keyboard only: Tab to the settings button, Enter opens the dialog, Space switches a category, Enter on Save choices stores it", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui.html`);
  // The first choice, by keyboard: Tab from the top of the page reaches the banner first.
  await tabTo(page, "Accept all");
  await page.keyboard.press("Enter");
  assert.deepEqual((await storedRecord(page)).granted, ["analytics", "functional", "marketing", "necessary"], "Enter on Accept all stored the choice");
  // From the top of the page again: the settings button comes first.
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, "Cookie settings");
  await page.keyboard.press("Enter");
  assert.equal((await state(page)).dialog, true, "Enter opens the dialog");
  await tabTo(page, "switch:Preferences");
  const checked = () => page.evaluate(() => [...document.getElementById("consent-agent-ui").shadowRoot.querySelectorAll("input[role=switch]")].map((i) => i.checked));
  assert.deepEqual(await checked(), [true, true, true, true]);
  await page.keyboard.press("Space");
  assert.deepEqual(await checked(), [true, false, true, true], "Space switched Preferences off");
  await tabTo(page, "Save choices");
  await page.keyboard.press("Enter");
  assert.equal((await state(page)).dialog, false, "the dialog closed");
  const record = await storedRecord(page);
  assert.deepEqual([record.granted, record.denied], [["analytics", "marketing", "necessary"], ["functional"]], "Enter on Save choices stored the switches");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("texts: <html lang>, the config's language and per-language overrides", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui-de.html`);
  await uiReady(page);
  assert.deepEqual((await state(page)).buttons, ["Alle akzeptieren", "Alle ablehnen", "Einstellungen"]);
  await page.goto(`${env.http}/a/b/ui-modal.html`);
  await uiReady(page);
  const s = await state(page);
  assert.deepEqual(s.buttons, ["Tout accepter", "Tout refuser", "Préférences"]);
  assert.equal(s.focused, "Tout accepter", "a modal banner takes focus");
  await page.screenshot({ path: join(ARTIFACTS, "banner-modal-dark-fr.png") });
  await page.context().close();
});

test("languages: a tag file per language carries its texts; the English tag and the ES module fetch another built-in language once", async () => {
  const page = await newPage(env);
  const asked = [];
  page.on("request", (r) => { if (r.url().includes("consent-agent-i18n/")) asked.push(new URL(r.url()).pathname); });
  await page.goto(`${env.http}/a/b/ui-fr-tag.html`);
  await until(async () => (await state(page))?.banner, "the banner is shown");
  assert.deepEqual((await state(page)).buttons, ["Tout accepter", "Tout refuser", "Préférences"]);
  assert.deepEqual(asked, [], "consent-agent.fr.js needs no texts file");
  await page.goto(`${env.http}/a/b/ui-de.html`);
  await uiReady(page);
  await until(async () => (await state(page))?.banner, "the banner is shown");
  assert.deepEqual((await state(page)).buttons, ["Alle akzeptieren", "Alle ablehnen", "Einstellungen"]);
  assert.deepEqual(asked, ["/consent-agent-i18n/de.json"], "the English tag fetched the German texts once");
  // The ES module carries English only too, and fetches German beside itself.
  await page.goto(`${env.http}/a/b/esm-de.html`);
  await uiReady(page);
  await until(async () => (await state(page))?.banner, "the banner is shown");
  assert.deepEqual((await state(page)).buttons, ["Alle akzeptieren", "Alle ablehnen", "Einstellungen"]);
  assert.deepEqual(asked, ["/consent-agent-i18n/de.json", "/consent-agent-i18n/de.json"], "the ES module fetched the German texts once");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("every built-in language: the same keys and placeholders as English, no empty text, and its banner shown on a page in that language", async () => {
  const dir = join(ROOT, "dist/consent-agent-i18n");
  const english = JSON.parse(readFileSync(join(dir, "en.json"), "utf8"));
  const languages = readdirSync(dir).map((f) => f.replace(/\.json$/, ""));
  assert.ok(languages.length >= 9, languages.join(" "));
  for (const language of languages) {
    const texts = JSON.parse(readFileSync(join(dir, `${language}.json`), "utf8"));
    assert.deepEqual(Object.keys(texts).sort(), Object.keys(english).sort(), `${language}: keys`);
    for (const [key, text] of Object.entries(texts)) {
      assert.ok(typeof text === "string" && text.trim(), `${language}.${key} is a text`);
      assert.equal(text.includes("{categories}"), english[key].includes("{categories}"), `${language}.${key}: {categories}`);
    }
    const page = await newPage(env);
    const url = `${env.http}/a/b/lang-${language}.html`;
    await servePage(page, url, `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><script src="/consent-agent.js"></script><title>${language}</title></head><body></body></html>`,
      { [`/consent-agent-i18n/${language}.json`]: join(dir, `${language}.json`) });
    await page.goto(url);
    await uiReady(page);
    await until(async () => (await state(page))?.banner, `${language}: the banner is shown`);
    assert.deepEqual((await state(page)).buttons, [texts.acceptAll, texts.rejectAll, texts.preferences], language);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test("a settings link clicked while the tag still fetches its language file opens the preferences once the texts arrive", async () => {
  const page = await newPage(env);
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route("**/consent-agent-i18n/de.json", async (route) => { await held; await route.continue(); });
  await page.goto(`${env.http}/a/b/ui-de.html`, { waitUntil: "domcontentloaded" });
  await page.evaluate(() => {
    const link = document.createElement("a");
    link.href = "#settings";
    link.setAttribute("data-consent-agent-open", "");
    link.textContent = "Cookie-Einstellungen";
    document.body.appendChild(link);
    link.click();
  });
  assert.equal(await page.evaluate(() => !!document.getElementById("consent-agent-ui")), false, "no UI yet: its texts are held");
  release();
  await uiReady(page);
  await until(async () => (await state(page))?.dialog, "the preferences dialog opened");
  assert.equal(await page.evaluate(() => location.hash), "", "the link did not navigate");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("floatingButton: false: no settings button after a choice, on this load or the next; [data-consent-agent-open] still reopens the dialog", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui-modal.html`);
  await uiReady(page);
  await click(page, "Tout refuser");
  assert.deepEqual((await storedRecord(page)).granted, ["necessary"]);
  const shown = () => page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui")?.shadowRoot;
    return [...(root?.querySelectorAll("button") || [])].filter((b) => b.getClientRects().length).map((b) => b.textContent);
  });
  assert.deepEqual(await shown(), [], "no visible button once the choice is made");
  await page.goto(`${env.http}/a/b/ui-modal.html`);
  await page.waitForLoadState("networkidle"); // the French texts have arrived
  assert.deepEqual(await shown(), [], "none on the next load either");
  await page.click("a[data-consent-agent-open]");
  assert.equal((await state(page)).dialog, true);
  await page.context().close();
});

test("ui: false shows nothing, and the API still works", async () => {
  const page = await newPage(env);
  await page.goto(`${env.http}/a/b/ui-none.html`);
  assert.equal(await state(page), null);
  await page.evaluate(() => { consentAgent.showBanner(); consentAgent.acceptAll(); });
  assert.equal(await state(page), null);
  assert.deepEqual((await storedRecord(page)).granted, ["analytics", "functional", "marketing", "necessary"], "the choice is stored");
  assert.equal(await page.evaluate(() => consentAgent.accepted("analytics")), true);
  await page.context().close();
});

test("strict CSP (style-src 'self', no unsafe-inline): no violation, banner and dialog work", async () => {
  const page = await newPage(env);
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  await page.goto(`${env.http}/a/b/ui.html?csp=strict`);
  assert.equal((await state(page)).banner, true);
  await click(page, "Preferences");
  assert.equal((await state(page)).dialog, true);
  const background = await page.evaluate(() => getComputedStyle(document.getElementById("consent-agent-ui").shadowRoot.querySelector(".dialog")).position);
  assert.equal(background, "fixed", "the stylesheet applies under the CSP");
  await click(page, "Reject all");
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("every configurable text is inserted as text: markup shows literally and never runs", async () => {
  const page = await newPage(env);
  // An <img src=x> inserted as HTML would ask the server for /a/b/x (then run its onerror).
  const requested = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname.endsWith("/x")) requested.push(r.url()); });
  await page.goto(`${env.http}/a/b/ui-injection.html`);
  await page.evaluate(() => consentAgent.showPreferences());
  // The last texts to arrive are the rule's provider and retention, in the cookie list the declaration fills.
  await page.waitForFunction(() => [...document.getElementById("consent-agent-ui").shadowRoot.querySelectorAll("details td")]
    .some((td) => td.textContent.endsWith("</script>R")), null, { timeout: 2000 });
  await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    root.querySelectorAll("details").forEach((d) => { d.open = true; });
  });
  const result = await page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    return { pwned: window.pwned ?? null, elements: root.querySelectorAll("img, script").length, text: root.textContent };
  });
  assert.equal(result.pwned, null);
  assert.equal(result.elements, 0, "no <img> or <script> element exists, so none can load or run later");
  assert.deepEqual(requested, [], "nothing was requested for src=x");
  assert.ok(result.text.includes('<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>dialogTitle'));
  assert.ok(result.text.includes("<script>window.pwned=2</script>T"), "category title from config, literal");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no violation in the banner and the dialog (${scheme} theme)`, async () => {
    const page = await newPage(env);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${env.http}/a/b/ui.html`);
    await page.addScriptTag({ path: AXE });
    const run = () => page.evaluate(async () => {
      const result = await axe.run(document.getElementById("consent-agent-ui"), { resultTypes: ["violations"] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    });
    assert.deepEqual(await run(), [], "banner");
    await page.screenshot({ path: join(ARTIFACTS, `banner-${scheme}-axe.png`) });
    await page.evaluate(() => consentAgent.showPreferences());
    assert.deepEqual(await run(), [], "dialog");
    await page.screenshot({ path: join(ARTIFACTS, `dialog-${scheme}.png`) });
    await page.context().close();
  });
}

/**
 * A page on the test origin with `ui` as its config's ui and `css` in a
 * <style> after the tag (made by the test, not a file: only these two vary).
 */
async function themedPage(ui, css = "") {
  const page = await newPage(env);
  const url = `${env.http}/a/b/themed.html`;
  await servePage(page, url, `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script id="consent-agent-config" type="application/json">${JSON.stringify({ ui })}</script>
<script src="/consent-agent.js"></script><style>${css}</style><title>themed</title></head><body><p>Page.</p></body></html>`);
  return { page, url };
}

/** The banner's computed background and its first choice button's background. */
function look(page) {
  return page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const style = (sel) => getComputedStyle(root.querySelector(sel));
    return { panel: style(".banner").backgroundColor, choice: style(".banner .choice").backgroundColor, radius: style(".banner").borderTopLeftRadius };
  });
}

const LIGHT = "rgb(255, 255, 255)";
const DARK = "rgb(28, 28, 30)";

test('theme: "auto" follows prefers-color-scheme, also when it changes; "light" and "dark" hold whatever the scheme', async () => {
  for (const [theme, scheme, expected] of [["auto", "light", LIGHT], ["auto", "dark", DARK], ["light", "dark", LIGHT], ["dark", "light", DARK]]) {
    const { page, url } = await themedPage({ theme });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url);
    await uiReady(page);
    assert.equal((await look(page)).panel, expected, `theme ${theme} in a ${scheme} scheme`);
    if (theme === "auto") {
      const other = scheme === "light" ? "dark" : "light";
      await page.emulateMedia({ colorScheme: other });
      assert.equal((await look(page)).panel, other === "dark" ? DARK : LIGHT, `theme auto after the scheme turned ${other}`);
    }
    await page.context().close();
  }
});

test("look: --ca-* variables set on #consent-agent-ui in the site's CSS restyle the banner", async () => {
  const css = "#consent-agent-ui{--ca-bg:rgb(250, 240, 230);--ca-accent:rgb(10, 90, 40);--ca-radius:0px}";
  const { page, url } = await themedPage({ theme: "light" }, css);
  await page.goto(url);
  await uiReady(page);
  assert.deepEqual(await look(page), { panel: "rgb(250, 240, 230)", choice: "rgb(10, 90, 40)", radius: "0px" });
  await page.context().close();
});

/** The open panel and its visible buttons lie within the viewport's width; buttons are at least 44 px high. */
function fits(page) {
  return page.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const open = [...root.querySelectorAll(".panel")].find((p) => !p.hidden);
    const r = open.getBoundingClientRect();
    const buttons = [...open.querySelectorAll("button")].filter((b) => b.getClientRects().length).map((b) => b.getBoundingClientRect());
    return buttons.length > 0 && r.left >= 0 && r.right <= innerWidth && buttons.every((b) => b.left >= 0 && b.right <= innerWidth && b.height >= 44);
  });
}

test("usable at 320 px wide", async () => {
  const page = await newPage(env);
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${env.http}/a/b/ui-box.html`);
  assert.ok(await fits(page), "banner fits at 320 px");
  await page.screenshot({ path: join(ARTIFACTS, "banner-320px.png") });
  await page.evaluate(() => consentAgent.showPreferences());
  assert.ok(await fits(page), "dialog fits at 320 px");
  await page.screenshot({ path: join(ARTIFACTS, "dialog-320px.png") });
  await page.context().close();
});

test("usable at 200% zoom", async () => {
  // Browser zoom at 200% of a 640 × 800 window lays the page out in 320 × 400
  // CSS pixels at two device pixels each: that is what this context emulates.
  const context = await env.browser.newContext({ viewport: { width: 320, height: 400 }, deviceScaleFactor: 2 });
  await pierceRoot(context);
  const zoomed = await context.newPage();
  await zoomed.goto(`${env.http}/a/b/ui.html`);
  assert.deepEqual(await zoomed.evaluate(() => [innerWidth, devicePixelRatio]), [320, 2]);
  assert.ok(await fits(zoomed), "banner fits at 200%");
  await zoomed.screenshot({ path: join(ARTIFACTS, "banner-200pct.png") });
  await zoomed.evaluate(() => consentAgent.showPreferences());
  assert.ok(await fits(zoomed), "dialog fits at 200%");
  await zoomed.screenshot({ path: join(ARTIFACTS, "dialog-200pct.png") });
  // Taller than the viewport: the dialog scrolls, so its last button can be brought into view.
  const reachable = await zoomed.evaluate(() => {
    const root = document.getElementById("consent-agent-ui").shadowRoot;
    const last = [...root.querySelectorAll(".dialog .actions button")].pop();
    last.scrollIntoView({ block: "end" });
    const r = last.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.ok(reachable, "the dialog's last button scrolls into view at 200%");
  await context.close();
});

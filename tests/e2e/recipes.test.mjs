// End-to-end: the README's recipes, each as the page its platform renders
// (tests/pages/recipes/), enforce from the first moment: refused cookies a
// server set are gone (CDP), the agent runs before the platform's scripts,
// and Google Tag Manager gets Consent Mode defaults before its container.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, newPage, plant, allCookies } from "../support/browser.mjs";

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const REFUSED = ["_ga=GA1.1.1; Path=/", "_fbp=fb.1; Path=/", "_hjSessionUser_1=x; Path=/"];

for (const [recipe, extra] of [
  ["gtm", []], ["nextjs", []], ["liferay", ["COOKIE_SUPPORT=true; Path=/", "JSESSIONID=abc; Path=/"]],
  ["creatio", ["BPMSESSIONID=abc; Path=/"]], ["wordpress", ["wordpress_test_cookie=WP; Path=/"]],
]) {
  test(`recipe ${recipe}: refused cookies gone when the tag has run; necessary ones kept`, async () => {
    const page = await newPage(env);
    const gtm = [];
    await page.route(/^https:\/\/www\.googletagmanager\.com\//, (route) => {
      gtm.push(route.request().url());
      return route.fulfill({ contentType: "text/javascript", body: "window.gtmSawConsent = (window.dataLayer || []).some((e) => Object.prototype.toString.call(e) === '[object Arguments]' && e[0] === 'consent' && e[1] === 'default');" });
    });
    await plant(page, env.http, [...REFUSED, ...extra]);
    await page.goto(`${env.http}/recipes/${recipe}.html`);
    await page.waitForLoadState("load");
    const names = (await allCookies(page)).map((c) => c.name);
    for (const refused of ["_ga", "_fbp", "_hjSessionUser_1"]) assert.ok(!names.includes(refused), `${refused} deleted: ${names}`);
    for (const kept of extra.map((c) => c.split("=")[0])) assert.ok(names.includes(kept), `${kept} kept`);
    if (recipe === "gtm") {
      await page.waitForFunction(() => window.gtmSawConsent !== undefined, null, { timeout: 3000 });
      assert.equal(await page.evaluate(() => window.gtmSawConsent), true, "the container finds the Consent Mode default");
      assert.equal(gtm.length, 1, "the allowed tag manager loads");
    }
    if (recipe === "nextjs") {
      await page.waitForFunction(() => window.nextRan === true, null, { timeout: 3000 });
      assert.ok(!(await allCookies(page)).some((c) => c.name === "_ga"), "the bundle's refused write did not land");
    }
    const setupWarnings = page.messages.filter((m) => /^consent-agent: .*(before it|its tag|after its tag)/.test(m.text));
    assert.deepEqual(setupWarnings, [], "the recipe is set up as the agent expects");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

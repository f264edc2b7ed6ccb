// Third-party hosts for the auto-blocking tests, answered locally by
// Playwright's routing (which sees every request the page makes, preload
// scanner included): nothing leaves the machine.
//
//   const requests = await routeThirdParty(page)   // { "host/path": count }
//
// A frame gets a small page; a script appends "host/path" to window.ran when
// it runs; a module (.mjs) also writes a refused marketing cookie (_fbp).

const THIRD_PARTY = /^https:\/\/(tracker|allowed|unknown)\.example\.test\/|^https:\/\/connect\.facebook\.net\/|^https:\/\/www\.youtube\.com\//;

export async function routeThirdParty(page) {
  const requests = {};
  await page.route(THIRD_PARTY, (route) => {
    const url = new URL(route.request().url());
    const key = url.host + url.pathname;
    requests[key] = (requests[key] || 0) + 1;
    if (route.request().resourceType() === "document") {
      return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>frame</title>frame" });
    }
    const ran = `(window.ran = window.ran || []).push(${JSON.stringify(key)});`;
    const body = key.endsWith(".mjs") ? `document.cookie = "_fbp=fb.1.1700000000.42; path=/"; ${ran}` : ran;
    return route.fulfill({ contentType: "text/javascript", headers: { "access-control-allow-origin": "*" }, body });
  });
  return requests;
}

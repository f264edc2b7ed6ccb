// The write paths a hostile or careless page can take to store a refused
// entry, as one self-contained async function run inside a page of the
// agent (tests/pages/a/b/page.html, a rejection stored). For each path it
// reports whether the entry was there right after the write (as the page's
// own next line would see it: document.cookie, storage) and, if it was, how
// many milliseconds passed until it was gone (polled every 5 ms, up to 3 s;
// null: still there). Used by ./build.sh bench in every engine.
export async function probeWritePaths() {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const hasCookie = (name) => document.cookie.split("; ").some((p) => p.startsWith(name + "="));
  const hasKey = (store, key) => store.getItem(key) !== null;
  const results = [];
  async function measure(path, write, present) {
    let landed;
    try {
      landed = await write();
    } catch (error) {
      results.push({ path, landed: "error: " + error.message, removedMs: null });
      return;
    }
    if (landed === "n/a") {
      results.push({ path, landed: "n/a", removedMs: null });
      return;
    }
    const start = performance.now();
    let removedMs = landed ? null : 0;
    if (landed) {
      while (performance.now() - start < 3000) {
        if (!present()) {
          removedMs = Math.round(performance.now() - start);
          break;
        }
        await sleep(5);
      }
    }
    results.push({ path, landed: !!landed, removedMs });
  }
  let n = 0;
  const name = (prefix) => `${prefix}${++n}`;
  const frameWriter = (frame) => new Promise((resolve) => {
    frame.addEventListener("load", () => resolve(), { once: true });
    document.body.appendChild(frame);
  });
  {
    const c = name("_ga_direct");
    await measure("document.cookie = …", () => { document.cookie = `${c}=1; path=/`; return hasCookie(c); }, () => hasCookie(c));
  }
  {
    const c = name("_ga_proto");
    await measure("the Document.prototype cookie setter, called directly", () => {
      const d = Object.getOwnPropertyDescriptor(Document.prototype, "cookie") || Object.getOwnPropertyDescriptor(HTMLDocument.prototype, "cookie");
      d.set.call(document, `${c}=1; path=/`);
      return hasCookie(c);
    }, () => hasCookie(c));
  }
  {
    const c = name("_ga_delete");
    await measure("delete document.cookie, then assign", () => { delete document.cookie; document.cookie = `${c}=1; path=/`; return hasCookie(c); }, () => hasCookie(c));
  }
  {
    const c = name("_ga_blank");
    await measure("a new same-origin frame's own cookie setter", () => {
      const frame = document.createElement("iframe");
      document.body.appendChild(frame);
      const w = frame.contentWindow;
      const d = Object.getOwnPropertyDescriptor(w.Document.prototype, "cookie") || Object.getOwnPropertyDescriptor(w.HTMLDocument.prototype, "cookie");
      d.set.call(document, `${c}=1; path=/`);
      return hasCookie(c);
    }, () => hasCookie(c));
  }
  {
    const c = name("_ga_srcdoc");
    await measure("a srcdoc frame's script writes the jar", async () => {
      const frame = document.createElement("iframe");
      frame.srcdoc = `<script>document.cookie = "${c}=1; path=/"<\/script>`;
      await frameWriter(frame);
      return hasCookie(c);
    }, () => hasCookie(c));
  }
  await measure("a frame's own page (src) writes localStorage", async () => {
    localStorage.removeItem("ads_frame");
    const frame = document.createElement("iframe");
    frame.src = "/a/b/writer.html?" + Math.random();
    await frameWriter(frame);
    return hasKey(localStorage, "ads_frame");
  }, () => hasKey(localStorage, "ads_frame"));
  await measure("a popup's own page writes the jar", async () => {
    const popup = window.open("/a/b/writer.html?" + Math.random());
    if (!popup) return "n/a";
    await sleep(300);
    let there = false;
    try { there = popup.document.cookie.includes("_ga_FRAME="); } catch { there = false; }
    popup.close();
    return there || hasCookie("_ga_FRAME");
  }, () => hasCookie("_ga_FRAME"));
  {
    const c = name("_ga_store");
    await measure("cookieStore.set with a non-string name", async () => {
      if (!window.cookieStore) return "n/a";
      const landed = [];
      const listener = (e) => e.changed.forEach((x) => landed.push(x.name));
      cookieStore.addEventListener("change", listener);
      await cookieStore.set({ toString: () => c }, "1");
      await sleep(50);
      cookieStore.removeEventListener("change", listener);
      return landed.includes(c) || hasCookie(c);
    }, () => hasCookie(c));
  }
  await measure("setItem with a key whose toString changes", () => {
    let calls = 0;
    localStorage.setItem({ toString: () => (calls++ === 0 ? "cart_items" : "ads_shifty") }, "1");
    return hasKey(localStorage, "ads_shifty");
  }, () => hasKey(localStorage, "ads_shifty"));
  await measure("localStorage.key = … (property assignment)", () => { localStorage.ads_property = "1"; return hasKey(localStorage, "ads_property"); },
    () => hasKey(localStorage, "ads_property"));
  await measure("sessionStorage.key = … (property assignment)", () => { sessionStorage.ac_session_property = "1"; return hasKey(sessionStorage, "ac_session_property"); },
    () => hasKey(sessionStorage, "ac_session_property"));
  await measure("Object.assign / Reflect.set on localStorage", () => {
    Object.assign(localStorage, { ads_assign: "1" });
    Reflect.set(localStorage, "ads_reflect", "1");
    return hasKey(localStorage, "ads_assign") || hasKey(localStorage, "ads_reflect");
  }, () => hasKey(localStorage, "ads_assign") || hasKey(localStorage, "ads_reflect"));
  {
    const c = name("_ga_fetch");
    await measure("HTTP Set-Cookie in a fetch answer (seen when the page reads the answer)", async () => {
      await fetch("/plant?c=" + encodeURIComponent(`${c}=1; Path=/`));
      return hasCookie(c);
    }, () => hasCookie(c));
  }
  {
    const c = name("_ga_image");
    await measure("HTTP Set-Cookie on an image answer (no script sees it)", async () => {
      await new Promise((resolve) => {
        const image = new Image();
        image.onload = image.onerror = resolve;
        image.src = "/plant?c=" + encodeURIComponent(`${c}=1; Path=/`);
      });
      return hasCookie(c);
    }, () => hasCookie(c));
  }
  return results;
}

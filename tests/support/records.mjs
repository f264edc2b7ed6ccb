// Consent records as a page (or a sibling subdomain) could forge them,
// written from the format's description in src/record.rs, apart from the
// Rust code: `2~revision~decided~expires~id~granted~denied~signal~check`,
// where the check is FNV-1a (32 bits) of everything before the last "~", in
// lower-case hex. Used by integrity.test.mjs and integrity-engines.test.mjs.

export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

export function record({ revision = 1, decided, expires, id = "f0rged", granted, denied, signal = 0 }) {
  const body = `2~${revision}~${decided}~${expires}~${id}~${granted.join("+")}~${denied.join("+")}~${signal}`;
  return `${body}~${fnv1a(body)}`;
}

export const ALL = ["necessary", "functional", "analytics", "marketing"];
export const now = () => Math.floor(Date.now() / 1000);
export const DAY = 86400;

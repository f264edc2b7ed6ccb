// Replaces one `## heading` section of BENCHMARKS.md with `text` (or appends
// it): the benchmark scripts that write a section of their own
// (watcher.mjs, first-paint.mjs, startup.mjs) share this.
import { readFileSync, writeFileSync } from "node:fs";

export function writeSection(heading, text) {
  const file = new URL("../../BENCHMARKS.md", import.meta.url);
  const all = readFileSync(file, "utf8");
  const start = all.indexOf(heading);
  const next = start < 0 ? -1 : all.indexOf("\n## ", start + 1);
  const before = start < 0 ? all.trimEnd() + "\n\n" : all.slice(0, start);
  const after = next < 0 ? "" : all.slice(next + 1);
  writeFileSync(file, before + text + (after ? "\n" + after : ""));
}

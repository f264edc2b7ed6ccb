#!/usr/bin/env bash
# consent-agent: set up, build, test, serve the demo, benchmark.
#
#   ./build.sh          build dist/ (what a site deploys)
#   ./build.sh demo     set up, build, serve www/ on http://127.0.0.1:8080
#   ./build.sh test     set up, build, run every test
#   ./build.sh bench    set up, build, write BENCHMARKS.md
#   ./build.sh setup    only install what is missing
#   ./build.sh fuzz     fuzz the parsers, 10M inputs each (options: examples/fuzz.rs)
#
# Every step installs what it needs when it is missing and is quick when
# it is not, so a fresh machine needs nothing but this script.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
TOOLS=$ROOT/.tools
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET=wasm32-unknown-unknown
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  say "installing $* (apt)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# The wasm-bindgen version pinned in Cargo.lock: the CLI must match it exactly.
bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx "$TARGET"; then
    say "adding the $TARGET target"
    rustup target add "$TARGET"
  fi
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want; want=$(bindgen_version)
  if [ "$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want into .tools (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want" --locked --root "$TOOLS" --force
  fi
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  [ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || missing+=(xvfb)
  command -v node >/dev/null || missing+=(nodejs npm)
  command -v openssl >/dev/null || missing+=(openssl)
  [ ${#missing[@]} = 0 ] || apt_install "${missing[@]}"
  # node test and build tools (playwright-core drives Debian's chromium;
  # binaryen's wasm-opt; terser): reinstalled only when the lock changes.
  if ! cmp -s package-lock.json node_modules/.consent-agent-lock 2>/dev/null; then
    say "installing node tools (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.consent-agent-lock
  fi
}

# Not --low-memory-unused (0.3 KB gzip smaller): Rust puts the stack first,
# so the low 1 KB of memory is the deepest stack, not unused.
WASM_OPT_FLAGS=(-Oz --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals)

# build [DIST] : the module and the files a site deploys, into DIST (default dist/).
# With CONSENT_AGENT_CATALOG=file.tsv and CARGO_TARGET_DIR set, the benchmarks
# build variants with another catalog.
build() {
  local dist=${1:-dist}
  say "building the WebAssembly module into $dist/"
  # The catalog generator (build.rs) also writes the declaration file into
  # the crate's OUT_DIR; cargo's JSON messages say where that is.
  local generated
  generated=$(cargo build --release --target "$TARGET" --lib --no-default-features --quiet --message-format=json-render-diagnostics |
    node tools/generated-dir.mjs "$ROOT/Cargo.toml") ||
    { echo "build.sh: cargo did not say where build.rs wrote the declaration file" >&2; exit 1; }
  local target_dir=${CARGO_TARGET_DIR:-target}
  local wasm=$target_dir/$TARGET/release/consent_agent.wasm out=$target_dir/bindgen
  rm -rf "$out" && mkdir -p "$out/esm"
  wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$out/esm" "$wasm"
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$out/esm/consent_agent_bg.wasm" -o "$out/esm/consent_agent_bg.wasm"
  rm -rf "$dist" && mkdir -p "$dist/esm"
  node tools/bundle.mjs "$out" "$dist"
  cp "$generated/consent-agent-declaration.json" "$dist/"
  # The config's JSON Schema, from the validator's own field lists (the CLI;
  # the benchmarks' variant builds skip it).
  if [ -z "${CARGO_TARGET_DIR:-}" ]; then
    cargo run --quiet --release --bin consent-agent -- schema > "$dist/consent-agent.schema.json"
  fi
  cp src/bin/consent-agent/scan/schema.json "$dist/consent-agent-scan.schema.json"   # the JSON Schema of `consent-agent scan --json`
  node tools/package.mjs "$dist"   # the npm package, dist/npm/ (after the declaration file, which it ships)
}

test_all() {
  say "format and lints"
  cargo fmt --check
  cargo clippy --quiet --all-targets -- -D warnings
  cargo clippy --quiet --all-targets --features scan -- -D warnings   # the command-line tool's site scanner
  cargo clippy --quiet --target "$TARGET" --lib --test web -- -D warnings
  cargo clippy --quiet --target "$TARGET" --lib --no-default-features -- -D warnings   # the script tag's no_std build
  cargo clippy --quiet --target "$TARGET" --features serde --lib --test typed -- -D warnings
  say "native tests (cargo test), with the scanner, whose binary the end-to-end tests run"
  cargo test --quiet --features scan
  say "browser tests of the web layer (wasm-bindgen-test in headless Chromium)"
  CHROMEDRIVER=$CHROMEDRIVER WASM_BINDGEN_TEST_TIMEOUT=120 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target "$TARGET" --test web
  say "browser tests of the serde feature's typed API (wasm-bindgen-test in headless Chromium)"
  CHROMEDRIVER=$CHROMEDRIVER WASM_BINDGEN_TEST_TIMEOUT=120 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target "$TARGET" --features serde --test typed
  say "build tests (node --test)"
  node --test tests/build/
  say "end-to-end tests (node --test, playwright-core, Chromium)"
  node --test --test-concurrency=1 tests/e2e/
}

case "${1:-build}" in
  setup) setup ;;
  build) setup; build ;;
  demo) setup; build; say "serving the demo on port ${PORT:-8080} (Ctrl-C stops; PORT=… picks another)"; exec node tests/support/server.mjs --demo --port "${PORT:-8080}" ;;
  test) setup; build; test_all ;;
  bench)
    setup; build
    if [ "$("$TOOLS/bin/twiggy" --version 2>/dev/null)" != "twiggy-opt 0.8.0" ]; then
      say "installing twiggy into .tools (once)"
      cargo install twiggy --version 0.8.0 --locked --root "$TOOLS"
    fi
    # Variants: no catalog, a 10-row catalog, no UI, neither (what the catalog
    # and the UI cost; whether lookups scale), and a module with symbol names
    # for twiggy.
    mkdir -p target/bench
    head -1 catalog/catalog.tsv > target/bench/empty.tsv
    head -11 catalog/catalog.tsv > target/bench/ten.tsv
    CONSENT_AGENT_CATALOG=$ROOT/target/bench/empty.tsv CARGO_TARGET_DIR=target/bench/empty build target/bench/dist-empty
    CONSENT_AGENT_CATALOG=$ROOT/target/bench/ten.tsv CARGO_TARGET_DIR=target/bench/ten build target/bench/dist-ten
    CONSENT_AGENT_NO_UI=1 build target/bench/dist-noui
    CONSENT_AGENT_NO_UI=1 CONSENT_AGENT_CATALOG=$ROOT/target/bench/empty.tsv CARGO_TARGET_DIR=target/bench/empty build target/bench/dist-bare
    CARGO_PROFILE_RELEASE_STRIP=none CARGO_TARGET_DIR=target/bench/names cargo build --quiet --release --target "$TARGET" --lib --no-default-features
    wasm-bindgen --target no-modules --no-typescript --out-dir target/bench/names/out target/bench/names/$TARGET/release/consent_agent.wasm
    wasm-opt "${WASM_OPT_FLAGS[@]}" --debuginfo --strip-dwarf target/bench/names/out/consent_agent_bg.wasm -o target/bench/names/named.wasm
    # What the serde feature costs a Rust application that embeds the agent
    # (examples/embed.rs), with names for twiggy.
    CARGO_PROFILE_RELEASE_STRIP=none CARGO_TARGET_DIR=target/bench/embed cargo build --quiet --release --target "$TARGET" --features serde --example embed
    wasm-bindgen --target web --no-typescript --out-dir target/bench/embed/out target/bench/embed/$TARGET/release/examples/embed.wasm
    wasm-opt "${WASM_OPT_FLAGS[@]}" --debuginfo --strip-dwarf target/bench/embed/out/embed_bg.wasm -o target/bench/embed/named.wasm
    wasm-opt "${WASM_OPT_FLAGS[@]}" target/bench/embed/out/embed_bg.wasm -o target/bench/embed/embed.wasm
    # The tag as it was before the issue "A lean engine" (tests/bench/before-after.mjs
    # names the commit), built from the repository's history, for timings side by side.
    before=$(sed -n 's/^export const BEFORE_COMMIT = "\([0-9a-f]*\)";$/\1/p' tests/bench/before-after.mjs)
    if [ ! -f "target/bench/dist-before/consent-agent.js" ] && git cat-file -e "$before^{commit}" 2>/dev/null; then
      rm -rf target/bench/before-src && mkdir -p target/bench/before-src
      git archive "$before" | tar -x -C target/bench/before-src
      ln -s "$ROOT/.tools" target/bench/before-src/.tools
      ln -s "$ROOT/node_modules" target/bench/before-src/node_modules
      # Today's node tools build it: with the old lock its setup would run
      # `npm ci` through the link and replace this checkout's node_modules.
      cp package.json package-lock.json target/bench/before-src/
      (cd target/bench/before-src && CARGO_TARGET_DIR=$ROOT/target/bench/before-target ./build.sh build)
      rm -rf target/bench/dist-before && cp -r target/bench/before-src/dist target/bench/dist-before
    fi
    # What each export of the module costs (about 25 module builds).
    WASM_OPT_FLAGS="${WASM_OPT_FLAGS[*]}" node tests/bench/export-costs.mjs
    node tests/bench/bench.mjs
    node tests/bench/watcher.mjs --write   # its own section of BENCHMARKS.md
    node tests/bench/first-paint.mjs --write   # side by side with orejime and vanilla-cookieconsent: its own section
    node tests/bench/startup.mjs --write       # the tag's start taken apart at 4× CPU: its own section
    ;;
  fuzz)
    # Built like release but unwinding (so every panic is caught and
    # counted), at opt-level 3 and with overflow checks; not part of `test`.
    command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
    cargo run --quiet --example fuzz --profile fuzz --config 'profile.fuzz.inherits="release"' \
      --config 'profile.fuzz.panic="unwind"' --config 'profile.fuzz.opt-level=3' --config 'profile.fuzz.lto=false' \
      --config 'profile.fuzz.codegen-units=16' --config 'profile.fuzz.overflow-checks=true' \
      -- --report target/fuzz-report.txt "${@:2}"
    ;;
  *) echo "usage: $0 [build|demo|test|bench|fuzz|setup]" >&2; exit 2 ;;
esac

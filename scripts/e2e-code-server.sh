#!/usr/bin/env bash
# End-to-end tests of the packaged postfix-lens extension in a real VS Code: code-server 4.100.3
# (= VS Code 1.100.3) on 127.0.0.1, driven by Debian's Chromium through playwright-core.
# Follows ../shared/recipes/code-server-e2e.md. Needs only the npm registry and Debian's apt; runs as root.
#
#   1. apt: chromium ripgrep libkrb5-dev (only when missing)
#   2. npm: the project's devDependencies; code-server into .vscode-test/ (once; a stamp file caches it)
#   3. npm run package's .vsix, installed into a throwaway profile (never the source tree)
#   4. a workspace: examples/ + a self-signed certificate for the wrong name (e2e/make-workspace.mjs)
#      and the DNSSEC lab of the tests (scripts/e2e-dns-lab.ts: nsd and a validating unbound on
#      loopback), whose resolver the UI test names in postfixLens.dns.resolver
#   5. UI test (e2e/*.e2e.test.mjs) and the mocha suite inside the extension host (e2e/suite/)
#   6. only when both passed: the README's pictures copied from the screenshots into docs/images/;
#      with BENCH_VSCODE=1, bench/vscode.mjs (activation and first squiggle beside VS Code's CSS
#      Language Features, in fresh profiles of its own; bench/out/vscode.md)
#
# Env: CS_PORT (default: a free port), CS_PREFIX (default .vscode-test/code-server-4.100.3),
#      SHOT_DIR (default .vscode-test/shots), KEEP_WORK=1 (keep the profile even on success),
#      VERBOSE=1 (every workbench console line of the extension-host run),
#      README_IMAGES=0 (leave docs/images/ alone), BENCH_VSCODE=1 (also run the benchmark),
#      BENCH_VSCODE_ROUNDS=N, BENCH_VSCODE_CACHED=N, BENCH_VSCODE_SETTLE_MS, BENCH_NODE22=<node >= 22.1>
#      (see bench/vscode.mjs).
set -euo pipefail

CS_VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS_PREFIX="${CS_PREFIX:-$ROOT/.vscode-test/code-server-$CS_VERSION}"
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/postfix-lens-e2e.XXXXXX")"
SHOT_DIR="${SHOT_DIR:-$ROOT/.vscode-test/shots}"
mkdir -p "$SHOT_DIR" && SHOT_DIR="$(cd "$SHOT_DIR" && pwd)"
rm -f "$SHOT_DIR"/{squiggle,problems,hover,completion}.png   # no stale picture passes for a new one
# The pictures README.md shows, copied to docs/images/ only when every test passed (quickfix.png is
# an animated PNG assembled by the UI test from six frames).
README_SHOTS=(squiggle problems hover completion statusbar probe-targets probe quickfix)
CS_PID=""
DNS_PID=""
T0=$(date +%s)
TIMINGS=()
step() { echo "== [$(( $(date +%s) - T0 ))s] $*"; }
now_ms() { date +%s%3N; }
timing() { TIMINGS+=("$1: $2 ms"); echo "E2E TIMING $1: $2 ms"; }

cleanup() {
  local rc=$?
  if [ -n "$CS_PID" ] && kill -0 "$CS_PID" 2>/dev/null; then
    kill "$CS_PID" 2>/dev/null || true
    # code-server's helpers (file watcher, pty host, extension host, our language server) are in its
    # process group (setsid below); give them a few seconds to exit with it, then end the rest by PID.
    for _ in $(seq 1 50); do pgrep -g "$CS_PID" >/dev/null || break; sleep 0.2; done
    for p in $(pgrep -g "$CS_PID" || true); do kill "$p" 2>/dev/null || true; done
    sleep 0.5
    for p in $(pgrep -g "$CS_PID" || true); do kill -9 "$p" 2>/dev/null || true; done
  fi
  if [ -n "$DNS_PID" ] && kill -0 "$DNS_PID" 2>/dev/null; then
    # SIGTERM: the lab stops its nsd and unbound by PID, then exits.
    kill "$DNS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$DNS_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$DNS_PID" 2>/dev/null || true
  fi
  if [ ${#TIMINGS[@]} -gt 0 ]; then
    echo "== timings"; printf '   %s\n' "${TIMINGS[@]}"
  fi
  # One closing line for both runs (UI: node's test runner; extension host: mocha through run-ext-tests).
  local passed=0 failed=0 n
  n=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$WORK/ui-test.log" 2>/dev/null | tail -1); passed=$(( passed + ${n:-0} ))
  n=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$WORK/ui-test.log" 2>/dev/null | tail -1); failed=$(( failed + ${n:-0} ))
  n=$(sed -n 's/^ext-host: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$WORK/ext-test.log" 2>/dev/null | tail -1)
  if [ -n "$n" ]; then passed=$(( passed + ${n% *} )); failed=$(( failed + ${n#* } )); fi
  if [ $rc -ne 0 ]; then
    [ -f "$WORK/code-server.log" ] && { echo "--- tail of $WORK/code-server.log"; tail -50 "$WORK/code-server.log"; }
    echo "E2E FAILED (exit $rc); screenshots in $SHOT_DIR; profile kept in $WORK"
  elif [ -z "${KEEP_WORK:-}" ]; then
    rm -rf "$WORK"
  fi
  echo "e2e: $passed passed, $failed failed"
  exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM   # so that a timeout or Ctrl-C still runs cleanup (and stops code-server)
trap 'exit 130' INT

# 1. Debian packages: Chromium, ripgrep (stands in for @vscode/ripgrep's GitHub download), libkrb5-dev
#    (code-server's native 'kerberos' module is compiled at install), openssl (the test certificate).
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v curl >/dev/null || need_apt+=(curl)
# The DNSSEC lab (DNS check test): nsd, unbound, ldns-keygen/ldns-signzone (ldnsutils).
command -v nsd >/dev/null || [ -x /usr/sbin/nsd ] || need_apt+=(nsd)
command -v unbound >/dev/null || [ -x /usr/sbin/unbound ] || need_apt+=(unbound)
command -v ldns-signzone >/dev/null || need_apt+=(ldnsutils)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  t=$(now_ms)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  timing "apt-get install ${need_apt[*]}" $(( $(now_ms) - t ))
fi

# 2a. The project's own dev tools (@vscode/vsce, playwright-core, mocha), unless already there
#     (.ci/run has just run npm ci; a developer's checkout has them after npm install).
cd "$ROOT"
if [ ! -x node_modules/.bin/vsce ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/mocha ]; then
  step "npm ci (project devDependencies)"
  npm ci --no-audit --no-fund
fi

# 2b. code-server from npm. Its postinstall runs `npm install` in lib/vscode, where the pinned
#     @vscode/ripgrep@1.15.11 downloads rg from GitHub. Its downloader first looks in
#     $TMPDIR/vscode-ripgrep-cache-1.15.11/, so Debian's rg goes there as the "download".
if [ ! -f "$CS_PREFIX/.installed" ]; then
  step "npm install code-server@$CS_VERSION into $CS_PREFIX (first run only: compiles native modules)"
  t=$(now_ms)
  case "$(uname -m)" in
    x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
    aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
    *) echo "unsupported arch $(uname -m)"; exit 1 ;;
  esac
  RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  rm -rf "$CS_PREFIX"   # no stamp: an earlier install did not finish; start clean
  mkdir -p "$RG_CACHE" "$WORK/rg" "$CS_PREFIX"
  cp "$(command -v rg)" "$WORK/rg/rg"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-$RG_TARGET.tar.gz" -C "$WORK/rg" rg
  # npm_config_unsafe_perm: postinstall.sh refuses root without it ("Unknown env config" warning is harmless).
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`; this machine's npmrc says yes=false.
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --prefix "$CS_PREFIX" --no-save --no-audit --no-fund "code-server@$CS_VERSION"
  # If a later npm skipped the install scripts, lib/vscode has no node_modules: fail here, not later.
  test -x "$CS_PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  touch "$CS_PREFIX/.installed"
  timing "code-server install" $(( $(now_ms) - t ))
else
  step "code-server $CS_VERSION already installed in $CS_PREFIX"
  timing "code-server install (cached)" 0
fi

# 3. Throwaway profile: config, user settings, extensions dir. Word-based suggestions are off, so a
#    completion offered in the test can only come from the language server.
PORT="${CS_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
mkdir -p "$WORK/user-data/User" "$WORK/extensions"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$WORK/config.yaml"
cat > "$WORK/user-data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.commandCenter.enabled": false,
  "git.enabled": false,
  "editor.hover.delay": 100,
  "editor.wordBasedSuggestions": "off"
}
JSON
CS_ARGS=(--config "$WORK/config.yaml" --user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions")

# 4. Workspaces: examples/ + a self-signed certificate for other.example.org named from main.cf;
#    one for each browser window, so the extension-host suite never sees the UI test's edit of main.cf.
node e2e/make-workspace.mjs "$WORK/ws"
node e2e/make-workspace.mjs "$WORK/ws-ext"
node e2e/make-workspace.mjs --demo "$WORK/demo"   # the README animation's folder (a certbot-like tls/)
if [ "${BENCH_VSCODE:-0}" = 1 ]; then node e2e/make-workspace.mjs "$WORK/ws-bench"; fi

# 4b. The DNSSEC lab, for the DNS check test: its validating resolver goes to the UI test.
step "start the DNSSEC lab (scripts/e2e-dns-lab.ts)"
t=$(now_ms)
node --import tsx scripts/e2e-dns-lab.ts "$WORK/dns-lab.json" > "$WORK/dns-lab.log" 2>&1 &
DNS_PID=$!
for _ in $(seq 1 300); do
  [ -s "$WORK/dns-lab.json" ] && break
  kill -0 "$DNS_PID" 2>/dev/null || { echo "the DNSSEC lab did not start:"; cat "$WORK/dns-lab.log"; exit 1; }
  sleep 0.1
done
DNS_RESOLVER="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).resolver' "$WORK/dns-lab.json")"
timing "DNSSEC lab start" $(( $(now_ms) - t ))

# 5. Package the extension (build + vsce + content and size check) and install the .vsix.
step "npm run package + install-extension"
t=$(now_ms)
node scripts/package.mjs --out "$WORK/postfix-lens.vsix" | tail -1
"$CS_BIN" "${CS_ARGS[@]}" --install-extension "$WORK/postfix-lens.vsix" --force
EXT_DIR="$(find "$WORK/extensions" -mindepth 1 -maxdepth 1 -type d -name 'postfix-lens.postfix-lens-*' | head -1)"
test -f "$EXT_DIR/dist/server.js" || { echo "the .vsix did not install into $WORK/extensions"; exit 1; }
timing "build + package + install the .vsix" $(( $(now_ms) - t ))

# 6. Start code-server on loopback, in its own process group so that cleanup finds all its helpers.
step "start code-server on 127.0.0.1:$PORT"
t=$(now_ms)
setsid "$CS_BIN" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  > "$WORK/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 300); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { echo "code-server died"; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"
timing "code-server start to /healthz" $(( $(now_ms) - t ))

# 7a. UI test: Playwright drives the workbench (squiggle, Problems, hover, completion, screenshots).
#     It prints "E2E TIMING open main.cf to first squiggle: N ms" itself.
step "UI E2E test (node --test e2e/*.e2e.test.mjs)"
set +e
CS_URL="http://127.0.0.1:$PORT" CS_WORKSPACE="$WORK/ws" CS_DEMO_WORKSPACE="$WORK/demo" SHOT_DIR="$SHOT_DIR" CS_DNS_RESOLVER="$DNS_RESOLVER" \
  node --test --test-reporter=spec e2e/*.e2e.test.mjs 2>&1 | tee "$WORK/ui-test.log"
ui_rc=${PIPESTATUS[0]}
set -e
while IFS= read -r line; do TIMINGS+=("${line#*E2E TIMING }"); done < <(grep -o 'E2E TIMING .*' "$WORK/ui-test.log" || true)

# 7b. The mocha suite inside VS Code's extension host. The "development extension" is the installed
#     copy of the .vsix (not the source tree); the browser only hosts the workbench.
step "mocha suite in the extension host (e2e/run-ext-tests.mjs)"
set +e
CS_URL="http://127.0.0.1:$PORT" node e2e/run-ext-tests.mjs "$EXT_DIR" "$ROOT/e2e/suite/index.js" "$WORK/ws-ext" 2>&1 \
  | tee "$WORK/ext-test.log"
ext_rc=${PIPESTATUS[0]}
set -e

ls -1 "$SHOT_DIR"/*.png 2>/dev/null | sed 's/^/   screenshot: /' || true
if [ $ui_rc -ne 0 ] || [ $ext_rc -ne 0 ]; then
  step "failed: UI test exit $ui_rc, extension-host suite exit $ext_rc"
  exit 1
fi

# 8. The README's pictures, from this run of this build: only now that every assertion passed.
if [ "${README_IMAGES:-1}" != 0 ]; then
  missing=()
  for n in "${README_SHOTS[@]}"; do [ -s "$SHOT_DIR/$n.png" ] || missing+=("$n.png"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "the tests passed but did not write ${missing[*]} in $SHOT_DIR"
    exit 1
  fi
  mkdir -p "$ROOT/docs/images"
  for n in "${README_SHOTS[@]}"; do cp "$SHOT_DIR/$n.png" "$ROOT/docs/images/$n.png"; done
  step "README pictures copied to docs/images/: ${README_SHOTS[*]}"
fi

# 9. BENCH_VSCODE=1: activation and first squiggle beside CSS Language Features, in fresh profiles
#    (with this .vsix and these settings) that the benchmark starts and stops itself (figures, no assertion).
if [ "${BENCH_VSCODE:-0}" = 1 ]; then
  step "benchmark: activation and open to first squiggle, postfix-lens beside CSS Language Features (bench/vscode.mjs)"
  CS_BIN="$CS_BIN" CS_VSIX="$WORK/postfix-lens.vsix" CS_SETTINGS="$WORK/user-data/User/settings.json" node --import tsx bench/vscode.mjs "$WORK/ws-bench"
fi
step "all passed; screenshots in $SHOT_DIR"

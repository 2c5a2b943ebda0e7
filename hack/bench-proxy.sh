#!/usr/bin/env bash
# The Flows endpoint proxy under load, on loopback (see docs/benchmarks.md, "The Flows endpoint
# proxy"):
#   1. the limit: CPU per request of the bare work (signature check, RSA-2048 OAEP decryption,
#      GCM open, GCM seal) in one warmed-up JVM thread (FlowsCipherBenchmark), with SunJCE and
#      with the native provider the proxy uses where it loads;
#   2. the proxy process (target/flows-key-operator.jar proxy) in front of a trivial node app,
#      under wrk posting pre-sealed, signed requests: requests/s, p50/p99 and CPU per request of
#      the proxy process alone (/proc/<pid>/stat), at saturation and at about 50 requests/s,
#      beside the same calls made straight to the app (plain JSON); warmed up until the JIT
#      compiler is nearly idle, whose share of each round is printed below the table;
#   3. the same proxy with its native provider made unavailable (SunJCE serves);
#   4. the same load against a node endpoint written the way Meta's Node example is (key read from
#      PEM per request), and the same with the key parsed once.
#
#   hack/bench-proxy.sh [--seconds=20] [--connections=16] [--requests=2000] [--no-build]
#
# Installs wrk and nodejs from Debian when missing. Writes target/bench-proxy/results.md.
set -euo pipefail

SECONDS_PER_ROUND=20
CONNECTIONS=16
REQUESTS=2000
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --seconds=*) SECONDS_PER_ROUND="${arg#*=}" ;;
    --connections=*) CONNECTIONS="${arg#*=}" ;;
    --requests=*) REQUESTS="${arg#*=}" ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
HERE=hack/bench-proxy
WORK=target/bench-proxy
mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v node >/dev/null || missing+=(nodejs)
if ((${#missing[@]})); then
  echo "installing ${missing[*]} from Debian" >&2
  apt-get install -y "${missing[@]}" >/dev/null || sudo apt-get install -y "${missing[@]}" >/dev/null
fi

if ((BUILD)); then
  mvn -q -o -DskipTests package
  mvn -q -o test-compile
fi
if [[ ! -f target/cp.txt || pom.xml -nt target/cp.txt ]]; then
  mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# utime + stime of a process, in seconds.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
# utime + stime of a JVM's JIT compiler threads (those alive now), in seconds.
jit_seconds() {
  local t
  for t in /proc/"$1"/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler* | C2\ Compiler*) cat "$t/stat" 2>/dev/null ;;
    esac
  done | awk -v hz="$(getconf CLK_TCK)" '{ s += $14 + $15 } END { printf "%.2f", s / hz }'
}
wait_http() {
  for _ in $(seq 1 100); do
    curl -fso /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "not answering: $1" >&2
  exit 1
}
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }

# ---- keys, app secret, requests ----
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/private.pem" 2>/dev/null
openssl pkey -in "$WORK/private.pem" -pubout -out "$WORK/public.pem"
rm -rf "$WORK/key" && mkdir "$WORK/key" && cp "$WORK/private.pem" "$WORK/key/private.pem"
head -c 24 /dev/urandom | base64 | tr -d '\n' >"$WORK/app-secret"
node "$HERE/seal-requests.js" "$WORK/public.pem" "$WORK/app-secret" "$REQUESTS" \
  "$WORK/requests.txt" "$WORK/plain.json"

# ---- 1. the limit ----
BARE_LINES=$(java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
  dev.waflows.operator.flows.FlowsCipherBenchmark)
echo "$BARE_LINES"
bare_ms() { sed -n "s/^$1: .*: \([0-9.]*\) ms CPU.*/\1/p" <<<"$BARE_LINES"; }
BARE_SUNJCE_MS=$(bare_ms SunJCE)
# Revisions before the native provider print one line, SunJCE's, without a prefix.
[[ -n $BARE_SUNJCE_MS ]] ||
  BARE_SUNJCE_MS=$(sed -n 's/^signature check.*: \([0-9.]*\) ms CPU.*/\1/p' <<<"$BARE_LINES")
BARE_NATIVE_MS=$(bare_ms native)

# ---- the app, the proxy, the node endpoints ----
APP_PORT=$(free_port)
node "$HERE/upstream.js" "$APP_PORT" & PIDS+=($!); APP_PID=$!
# start_proxy <log> [JVM options]: sets PROXY_PID, PROXY_PORT, MGMT_PORT
start_proxy() {
  local log=$1
  shift
  PROXY_PORT=$(free_port)
  MGMT_PORT=$(free_port)
  java -XX:MaxRAMPercentage=70 "$@" -jar target/flows-key-operator.jar proxy \
    --upstream="http://127.0.0.1:$APP_PORT" --port="$PROXY_PORT" --management-port="$MGMT_PORT" \
    --key-dir="$WORK/key" --app-secret-file="$WORK/app-secret" >"$log" 2>&1 &
  PIDS+=($!)
  PROXY_PID=$!
  wait_http "http://127.0.0.1:$MGMT_PORT/readyz"
}
# Saturates the proxy for 10 s, then for 5 s more at a time (at most 60 s) until its JIT compiler
# used less than 5% of its CPU: a JIT still compiling (slow on a busy machine) is a start-up cost,
# not the cost of a request.
warm_proxy() {
  local url="http://127.0.0.1:$PROXY_PORT/flows" slices=0 cpu0 jit0
  REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c"$CONNECTIONS" -d10s -s "$HERE/post.lua" \
    "$url" >/dev/null
  while ((slices < 12)); do
    cpu0=$(cpu_seconds "$PROXY_PID")
    jit0=$(jit_seconds "$PROXY_PID")
    REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c"$CONNECTIONS" -d5s -s "$HERE/post.lua" \
      "$url" >/dev/null
    slices=$((slices + 1))
    awk -v c="$(cpu_seconds "$PROXY_PID")" -v c0="$cpu0" -v j="$(jit_seconds "$PROXY_PID")" \
      -v j0="$jit0" 'BEGIN { exit !((j - j0) < 0.05 * (c - c0)) }' && break
  done
  echo "proxy warmed up for $((10 + 5 * slices)) s" >&2
}
# Starts node endpoints and the proxy (native provider where it loads).
start_proxy "$WORK/proxy.log"
PROVIDER_LINE=$(grep -o 'RSA-OAEP and AES-GCM by .*' "$WORK/proxy.log" || echo "(provider not logged)")
NODE_PORT=$(free_port)
KEY_ONCE=0 node "$HERE/node-endpoint.js" "$NODE_PORT" "$WORK/private.pem" "$WORK/app-secret" &
PIDS+=($!); NODE_PID=$!
NODE_ONCE_PORT=$(free_port)
KEY_ONCE=1 node "$HERE/node-endpoint.js" "$NODE_ONCE_PORT" "$WORK/private.pem" "$WORK/app-secret" &
PIDS+=($!); NODE_ONCE_PID=$!
sleep 1

ROWS=()
# round <label> <pid whose CPU counts> sealed|plain <url> <connections> <pace ms>
round() {
  local label=$1 pid=$2 kind=$3 url=$4 conns=$5 pace=$6 before after out sealed=
  [[ $kind == sealed ]] && sealed="$WORK/requests.txt"
  before=$(cpu_seconds "$pid")
  out=$(REQUESTS_FILE="$sealed" PLAIN_FILE="$WORK/plain.json" PACE_MS="$pace" \
    wrk -t2 -c"$conns" -d"${SECONDS_PER_ROUND}s" --timeout 10s -s "$HERE/post.lua" "$url" |
    grep '^RESULT')
  after=$(cpu_seconds "$pid")
  local n dur p50 p99 bad err
  n=$(field requests "$out"); dur=$(field duration_us "$out")
  p50=$(field p50_us "$out"); p99=$(field p99_us "$out")
  bad=$(field non2xx "$out"); err=$(field socket_errors "$out")
  ROWS+=("$(awk -v l="$label" -v c="$conns" -v p="$pace" -v n="$n" -v d="$dur" -v a="$p50" \
    -v b="$p99" -v x="$bad" -v e="$err" -v cpu0="$before" -v cpu1="$after" 'BEGIN {
      cpu = (cpu1 - cpu0) * 1000 / (n > 0 ? n : 1)
      printf "| %s | %d%s | %.0f | %.1f | %.1f | %s | %d / %d |", l, c,
        (p > 0 ? ", " p " ms pause" : ""), n / (d / 1e6), a / 1000, b / 1000,
        (cpu > 0 ? sprintf("%.3f", cpu) : "-"), x, e }')")
  echo "${ROWS[-1]}"
  LAST_CPU_MS=$(awk -v n="$n" -v cpu0="$before" -v cpu1="$after" \
    'BEGIN { printf "%.3f", (cpu1 - cpu0) * 1000 / (n > 0 ? n : 1) }')
  LAST_N=$n
}
JIT_NOTES=()
# proxy_round <label> <connections> <pace ms>: a round on the proxy, its JIT share noted
proxy_round() {
  local jit0 jit1
  jit0=$(jit_seconds "$PROXY_PID")
  round "$1" "$PROXY_PID" sealed "http://127.0.0.1:$PROXY_PORT/flows" "$2" "$3"
  jit1=$(jit_seconds "$PROXY_PID")
  JIT_NOTES+=("$(awk -v l="$1" -v a="$jit0" -v b="$jit1" -v n="$LAST_N" \
    'BEGIN { printf "%s: JIT compiler %.3f ms/request", l, (b - a) * 1000 / (n > 0 ? n : 1) }')")
}

echo "warming up the proxy and the node endpoints (not counted)" >&2
warm_proxy
REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c4 -d3s -s "$HERE/post.lua" \
  "http://127.0.0.1:$NODE_PORT/flows" >/dev/null
REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c4 -d3s -s "$HERE/post.lua" \
  "http://127.0.0.1:$NODE_ONCE_PORT/flows" >/dev/null

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
proxy_round "proxy, saturated" "$CONNECTIONS" 0
PROXY_CPU_MS=$LAST_CPU_MS
round "app direct (plain JSON), saturated" "$APP_PID" plain \
  "http://127.0.0.1:$APP_PORT/flows" "$CONNECTIONS" 0
proxy_round "proxy, ~50/s" 2 40
round "app direct (plain JSON), ~50/s" "$APP_PID" plain \
  "http://127.0.0.1:$APP_PORT/flows" 2 40
round "node endpoint as Meta's example (key read per request), saturated" "$NODE_PID" sealed \
  "http://127.0.0.1:$NODE_PORT/flows" "$CONNECTIONS" 0
round "node endpoint, key parsed once, saturated" "$NODE_ONCE_PID" sealed \
  "http://127.0.0.1:$NODE_ONCE_PORT/flows" "$CONNECTIONS" 0

# ---- 3. the proxy with SunJCE: the native library cannot be unpacked (its temporary directory
# would be under a plain file), so the provider falls back as where the library does not load ----
SUNJCE_PROXY_CPU_MS=
if grep -q 'by AmazonCorrettoCryptoProvider' <<<"$PROVIDER_LINE"; then
  kill "$PROXY_PID"
  wait "$PROXY_PID" 2>/dev/null || true
  touch "$WORK/not-a-directory"
  start_proxy "$WORK/proxy-sunjce.log" -Djava.io.tmpdir="$WORK/not-a-directory/tmp"
  grep -q 'RSA-OAEP and AES-GCM by SunJCE' "$WORK/proxy-sunjce.log" ||
    { echo "the fallback proxy does not use SunJCE; see $WORK/proxy-sunjce.log" >&2; exit 1; }
  warm_proxy
  proxy_round "proxy with SunJCE (native provider unavailable), saturated" "$CONNECTIONS" 0
  SUNJCE_PROXY_CPU_MS=$LAST_CPU_MS
  proxy_round "proxy with SunJCE (native provider unavailable), ~50/s" 2 40
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), revision $(git rev-parse --short=12 HEAD)," \
    "$(nproc) cores, load average $LOAD_BEFORE before / $LOAD_AFTER after;" \
    "$(java -version 2>&1 | head -1), node $(node --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "wrk -t2, ${SECONDS_PER_ROUND} s per round, $REQUESTS distinct sealed requests."
  echo
  echo "Bare work in one JVM thread:"
  echo
  sed 's/^/- /' <<<"$BARE_LINES"
  echo
  echo "The proxy: $PROVIDER_LINE"
  echo
  echo "| round | connections | requests/s | p50 ms | p99 ms | CPU ms/request (that process) | non-2xx / socket errors |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Of the proxy's CPU per request (not counted apart in the table):"
  echo
  printf -- '- %s\n' "${JIT_NOTES[@]}"
  echo
  # The proxy against the bare work with the same provider.
  efficiency() {
    awk -v l="$1" -v b="$2" -v p="$3" 'BEGIN { if (b == "" || p == "") exit;
      printf "Efficiency, %s (bare CPU per request / proxy CPU per request, saturated): %.3f / %.3f = %.2f\n", l, b, p, b / p }'
  }
  if grep -q 'by AmazonCorrettoCryptoProvider' <<<"$PROVIDER_LINE"; then
    efficiency "native provider" "$BARE_NATIVE_MS" "$PROXY_CPU_MS"
    efficiency "SunJCE" "$BARE_SUNJCE_MS" "$SUNJCE_PROXY_CPU_MS"
  else
    efficiency "SunJCE" "$BARE_SUNJCE_MS" "$PROXY_CPU_MS"
  fi
} | tee "$WORK/results.md"

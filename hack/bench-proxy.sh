#!/usr/bin/env bash
# The Flows endpoint proxy under load, on loopback (see docs/benchmarks.md, "The Flows endpoint
# proxy"):
#   1. the limit: CPU per request of the bare work (signature check, RSA-2048 OAEP decryption,
#      GCM open, GCM seal) in one warmed-up JVM thread (FlowsCipherBenchmark);
#   2. the proxy process (target/flows-key-operator.jar proxy) in front of a trivial node app,
#      under wrk posting pre-sealed, signed requests: requests/s, p50/p99 and CPU per request of
#      the proxy process alone (/proc/<pid>/stat), at saturation and at about 50 requests/s,
#      beside the same calls made straight to the app (plain JSON);
#   3. the same load against a node endpoint written the way Meta's Node example is (key read from
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
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
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
[[ -f target/cp.txt ]] || mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# utime + stime of a process, in seconds.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
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
BARE_LINE=$(java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
  dev.waflows.operator.flows.FlowsCipherBenchmark)
echo "$BARE_LINE"
BARE_MS=$(sed -n 's/.*: \([0-9.]*\) ms CPU.*/\1/p' <<<"$BARE_LINE")

# ---- the app, the proxy, the node endpoints ----
APP_PORT=$(free_port)
node "$HERE/upstream.js" "$APP_PORT" & PIDS+=($!); APP_PID=$!
PROXY_PORT=$(free_port)
MGMT_PORT=$(free_port)
# The JVM options of examples/endpoint/ (what users run), read from it so that the two cannot drift.
PROXY_JVM_OPTIONS=$(sed -n '/name: JAVA_TOOL_OPTIONS/,/value:/s/^ *value: "\(.*\)"$/\1/p' \
  examples/endpoint/20-deployment.yaml)
[[ -n $PROXY_JVM_OPTIONS ]] || { echo "no JAVA_TOOL_OPTIONS in examples/endpoint/" >&2; exit 1; }
# shellcheck disable=SC2086 # one option per word
java $PROXY_JVM_OPTIONS -jar target/flows-key-operator.jar proxy \
  --upstream="http://127.0.0.1:$APP_PORT" --port="$PROXY_PORT" --management-port="$MGMT_PORT" \
  --key-dir="$WORK/key" --app-secret-file="$WORK/app-secret" >"$WORK/proxy.log" 2>&1 &
PIDS+=($!); PROXY_PID=$!
NODE_PORT=$(free_port)
KEY_ONCE=0 node "$HERE/node-endpoint.js" "$NODE_PORT" "$WORK/private.pem" "$WORK/app-secret" &
PIDS+=($!); NODE_PID=$!
NODE_ONCE_PORT=$(free_port)
KEY_ONCE=1 node "$HERE/node-endpoint.js" "$NODE_ONCE_PORT" "$WORK/private.pem" "$WORK/app-secret" &
PIDS+=($!); NODE_ONCE_PID=$!
wait_http "http://127.0.0.1:$MGMT_PORT/readyz"
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
}

PROXY_URL="http://127.0.0.1:$PROXY_PORT/flows"
echo "warming up the proxy and the node endpoints (not counted)" >&2
REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c"$CONNECTIONS" -d10s -s "$HERE/post.lua" \
  "$PROXY_URL" >/dev/null
REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c4 -d3s -s "$HERE/post.lua" \
  "http://127.0.0.1:$NODE_PORT/flows" >/dev/null
REQUESTS_FILE="$WORK/requests.txt" wrk -t2 -c4 -d3s -s "$HERE/post.lua" \
  "http://127.0.0.1:$NODE_ONCE_PORT/flows" >/dev/null

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
round "proxy, saturated" "$PROXY_PID" sealed "$PROXY_URL" "$CONNECTIONS" 0
PROXY_CPU_MS=$LAST_CPU_MS
round "app direct (plain JSON), saturated" "$APP_PID" plain \
  "http://127.0.0.1:$APP_PORT/flows" "$CONNECTIONS" 0
round "proxy, ~50/s" "$PROXY_PID" sealed "$PROXY_URL" 2 40
round "app direct (plain JSON), ~50/s" "$APP_PID" plain \
  "http://127.0.0.1:$APP_PORT/flows" 2 40
round "node endpoint as Meta's example (key read per request), saturated" "$NODE_PID" sealed \
  "http://127.0.0.1:$NODE_PORT/flows" "$CONNECTIONS" 0
round "node endpoint, key parsed once, saturated" "$NODE_ONCE_PID" sealed \
  "http://127.0.0.1:$NODE_ONCE_PORT/flows" "$CONNECTIONS" 0
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'), revision $(git rev-parse --short=12 HEAD)," \
    "$(nproc) cores, load average $LOAD_BEFORE before / $LOAD_AFTER after;" \
    "$(java -version 2>&1 | head -1), node $(node --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
  echo "wrk -t2, ${SECONDS_PER_ROUND} s per round, $REQUESTS distinct sealed requests."
  echo
  echo "Bare work in one JVM thread: $BARE_LINE"
  echo
  echo "| round | connections | requests/s | p50 ms | p99 ms | CPU ms/request (that process) | non-2xx / socket errors |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  awk -v b="$BARE_MS" -v p="$PROXY_CPU_MS" \
    'BEGIN { printf "Efficiency (bare CPU per request / proxy CPU per request): %.3f / %.3f = %.2f\n", b, p, b / p }'
} | tee "$WORK/results.md"

#!/usr/bin/env bash
# The manual routine that the operator replaces, timed: for each of N resources
#   openssl genrsa 2048, openssl rsa -pubout,
#   then for each of its phone numbers one curl POST (register) and one curl GET (check),
# all one after another, as a person or a shell loop does it.
#
#   hack/manual-baseline.sh N [NUMBERS_PER_RESOURCE]     (default 3 numbers)
#
# Talks to GRAPH_BASE_URL when set (the benchmark passes its sandbox); otherwise starts the
# Graph sandbox (GraphSandboxMain) on a free loopback port with --latency-ms=${LATENCY_MS:-150}.
# Needs target/test-classes and target/cp.txt (hack/bench.sh makes them).
# Prints one line: manual resources=N numbers=M seconds=S
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:?usage: hack/manual-baseline.sh N [NUMBERS_PER_RESOURCE]}
per=${2:-3}
token=${GRAPH_TOKEN:-EAAGmanualBASELINE}
version=${GRAPH_API_VERSION:-v21.0}
work=$(mktemp -d)
sandbox_pid=
cleanup() {
  [[ -n $sandbox_pid ]] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

base=${GRAPH_BASE_URL:-}
if [[ -z $base ]]; then
  [[ -f target/cp.txt && -d target/test-classes ]] || { echo "run hack/bench.sh (or mvn test-compile and dependency:build-classpath) first" >&2; exit 1; }
  java -cp "target/test-classes:$(cat target/cp.txt)" dev.waflows.sandbox.GraphSandboxMain \
    --port 0 --latency-ms "${LATENCY_MS:-150}" >"$work/sandbox.out" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 100); do
    base=$(sed -n 's/^Graph sandbox listening on //p' "$work/sandbox.out")
    [[ -n $base ]] && break
    sleep 0.1
  done
  [[ -n $base ]] || { cat "$work/sandbox.out" >&2; exit 1; }
fi

call() {  # method url [curl args...]; fails unless Graph answers 200
  local code
  code=$(curl -sS -o "$work/answer.json" -w '%{http_code}' -X "$1" \
    -H "Authorization: Bearer $token" "${@:3}" "$2")
  [[ $code == 200 ]] || { echo "$1 $2 answered HTTP $code: $(cat "$work/answer.json")" >&2; exit 1; }
}

start=$(date +%s.%N)
for ((r = 0; r < n; r++)); do
  openssl genrsa -out "$work/private.pem" 2048 2>/dev/null
  openssl rsa -in "$work/private.pem" -pubout -out "$work/public.pem" 2>/dev/null
  for ((k = 0; k < per; k++)); do
    url="$base/$version/$(printf '8%07d%d' "$r" "$k")/whatsapp_business_encryption"
    call POST "$url" --data-urlencode "business_public_key@$work/public.pem"
    call GET "$url"
  done
done
end=$(date +%s.%N)
awk -v n="$n" -v per="$per" -v s="$start" -v e="$end" 'BEGIN { printf "manual resources=%d numbers=%d seconds=%.2f\n", n, per, e - s }'

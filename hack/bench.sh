#!/usr/bin/env bash
# Benchmark: convergence and steady-state cost at 1, 100 and 1,000 resources on the local control
# plane, against the Graph sandbox (150 ms per call, rate limit), beside a lower bound and the
# manual openssl + curl routine. Prints Markdown tables; also in target/bench/results.md.
# Takes about 25 minutes (--quick: about 6). Not part of the test suites.
#
#   hack/bench.sh [--quick] [--latency-ms=150] [--sizes=1,100,1000] [--rps=200]
#                 [--concurrency=32] [--steady-intervals=3] [--noise-secrets=5000]
#                 [--rate-limit-rps=10] [--rate-limit-budget=50] [--rate-limit-resources=30]
#                 [--manual-sizes=1,100]
#                 [--restart-only] [--restart-resources=1000] [--restart-interval=10m]
#                 [--restart-window-s=180] [--before=REV]
#                 [--rotation-only] [--rotation-resources=1000]
#                 [--scale-only] [--scale-resources=10000] [--scale-interval=5m]
#                 [--scale-rotation-resources=N]
#                 [--jfr]
#
# --before=REV also packages the operator of commit REV (git archive into target/bench/) and
# restarts it against the same fleet in the restart-burst round, for a before/after comparison.
# --restart-only runs that round alone (about 10 minutes at 1,000 resources).
# --rotation-only runs the rotation round alone: N resources with generated keys, Ready, then all
# annotated waflows.dev/rotate-requested-at at once (registerAfter 10s, keepPreviousFor 30s).
# --scale-only runs the scale round alone: N resources (10,000) with key Secrets present on one
# operator (convergence, memory, one verifyInterval of steady state, a restart burst), then N
# resources whose key Secrets are marked as the operator's rotated at once. About 45 minutes at
# 10,000 on a quiet machine; raise --rps and --concurrency to shorten it (the lower bound uses
# what is passed).
# --jfr records each operator JVM with JDK Flight Recorder (target/bench/operator-N.jfr, written
# when it exits); hack/JfrProfile.java sums a recording up.
#
# Starts the control plane if it is down (and stops it again at the end only then); uses
# namespaces named bench-*; the operator's log is target/bench/operator.log.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

started_cp=false
if ! hack/control-plane.sh status >/dev/null 2>&1; then
  step "local control plane"
  hack/control-plane.sh up
  started_cp=true
fi
cleanup() {
  # Leave the control plane as we found it.
  if $started_cp; then hack/control-plane.sh down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

kc=(kubectl --kubeconfig /tmp/flows-control-plane/admin.kubeconfig)
step "CRD from crds/, RBAC from deploy/"
"${kc[@]}" apply --server-side --force-conflicts -k crds/ >/dev/null
"${kc[@]}" apply --server-side --force-conflicts -k deploy/ >/dev/null
"${kc[@]}" wait --for=condition=established --timeout=60s crd/flowsencryptionkeys.waflows.dev >/dev/null

step "package the operator and the benchmark"
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test

args=()
for arg in "$@"; do
  case "$arg" in
    --before=*)
      rev="${arg#--before=}"
      dir="target/bench/before-$rev"
      if [[ ! -f "$dir/target/flows-key-operator.jar" ]]; then
        step "package the operator of $rev"
        rm -rf "$dir" && mkdir -p "$dir"
        git archive "$rev" | tar -x -C "$dir"
        # REVISION: git rev-parse in the extracted tree would name this checkout's HEAD instead.
        (cd "$dir" && REVISION="$(git rev-parse --short=12 "$rev")" mvn -B -q -DskipTests package)
      fi
      args+=("--restart-before-jar=$dir/target/flows-key-operator.jar")
      ;;
    *) args+=("$arg") ;;
  esac
done

step "benchmark"
rm -f target/bench/operator.log
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  dev.waflows.operator.bench.ConvergenceBenchmark "${args[@]}"

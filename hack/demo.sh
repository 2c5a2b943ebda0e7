#!/usr/bin/env bash
# The main job on an embedded default: a local control plane, the Graph API sandbox, the
# operator (as its ServiceAccount, with the RBAC from deploy/), examples/ applied, then wait for
# Ready and show what a user sees.
#
#   hack/demo.sh          run it (the first run builds kube-apiserver once: about 5-9 minutes)
#   hack/demo.sh down     stop the operator, the sandbox and the control plane
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="${FLOWS_STATE_DIR:-/tmp/flows-control-plane}"
DEMO="$STATE/demo"
SANDBOX_PORT=18080
OPERATOR_PORT=18081

step() { printf '\n==> %s\n' "$*"; }

stop_pid() {
  local f=$1
  if [[ -f $f ]]; then
    kill "$(cat "$f")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.2; done
    rm -f "$f"
  fi
}

if [[ ${1:-} == down ]]; then
  stop_pid "$DEMO/operator.pid"
  stop_pid "$DEMO/sandbox.pid"
  hack/control-plane.sh down
  exit 0
fi

for tool in java mvn kubectl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (see README)"; exit 1; }
done

step "local control plane (etcd + kube-apiserver + kube-controller-manager on 127.0.0.1)"
hack/control-plane.sh up
mkdir -p "$DEMO"
export KUBECONFIG="$STATE/admin.kubeconfig"

step "building the operator jar and the sandbox (mvn package, tests skipped)"
mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-cp.txt

step "Graph API sandbox on 127.0.0.1:$SANDBOX_PORT (150 ms per call, as Meta is slow)"
stop_pid "$DEMO/sandbox.pid"
java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" \
  dev.waflows.sandbox.GraphSandboxMain --port=$SANDBOX_PORT --latency-ms=150 \
  >"$DEMO/sandbox.log" 2>&1 &
echo $! >"$DEMO/sandbox.pid"
for _ in $(seq 1 50); do grep -q "listening" "$DEMO/sandbox.log" && break; sleep 0.2; done
grep "listening" "$DEMO/sandbox.log"

step "kubectl apply --server-side -k crds/, then -k deploy/ (namespace, ServiceAccount, RBAC; no nodes run the Deployment here)"
kubectl apply --server-side --force-conflicts -k crds/
kubectl apply --server-side --force-conflicts -k deploy/
kubectl wait --for=condition=established --timeout=60s crd/flowsencryptionkeys.waflows.dev

step "operator: target/flows-key-operator.jar as system:serviceaccount:flows-system:flows-key-operator"
stop_pid "$DEMO/operator.pid"
# Plain metrics on the probe port for the demo's curl; a real install serves them over HTTPS to
# authorized tokens only (README, Metrics and health).
KUBECONFIG="$STATE/operator.kubeconfig" GRAPH_BASE_URL="http://127.0.0.1:$SANDBOX_PORT" \
  HTTP_PORT=$OPERATOR_PORT METRICS_SECURE=false METRICS_PORT=0 POD_NAMESPACE=flows-system \
  java -jar target/flows-key-operator.jar >"$DEMO/operator.log" 2>&1 &
echo $! >"$DEMO/operator.pid"
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$OPERATOR_PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$(cat "$DEMO/operator.pid")" 2>/dev/null || { tail -30 "$DEMO/operator.log"; exit 1; }
  sleep 0.2
done
echo "ready: http://127.0.0.1:$OPERATOR_PORT/readyz (metrics on /metrics)"

step "kubectl apply --server-side -f examples/ (no last-applied-configuration copy of the token)"
kubectl apply --server-side -f examples/

step "kubectl wait --for=condition=Ready fek/shop -n whatsapp"
if ! kubectl wait --for=condition=Ready fek/shop -n whatsapp --timeout=120s; then
  kubectl get fek shop -n whatsapp -o yaml
  tail -30 "$DEMO/operator.log"
  exit 1
fi

step "kubectl get fek -n whatsapp -o wide"
kubectl get fek -n whatsapp -o wide

step "status of fek/shop"
kubectl get fek shop -n whatsapp -o jsonpath='{.status}' | python3 -m json.tool

step "the key Secret the operator created (entry names and labels; values stay secret)"
kubectl get secret shop-flows-key -n whatsapp \
  -o go-template='entries: {{range $k, $v := .data}}{{$k}} {{end}}{{"\n"}}labels: {{.metadata.labels}}{{"\n"}}'

cat <<EOT

Running: the control plane, the sandbox and the operator (logs in $DEMO).
Try:  export KUBECONFIG=$STATE/admin.kubeconfig
      kubectl annotate fek/shop -n whatsapp waflows.dev/reconcile-requested-at="\$(date +%s)" --overwrite
      kubectl annotate fek/shop -n whatsapp waflows.dev/rotate-requested-at="\$(date +%s)" --overwrite   # rotate the key
      curl -s http://127.0.0.1:$OPERATOR_PORT/metrics | grep ^flows_
Stop: hack/demo.sh down
EOT

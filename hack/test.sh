#!/usr/bin/env bash
# The tests: unit and mock-server suite (mvn verify), then the end-to-end suite on a real
# kube-apiserver. The first run builds kube-apiserver from Debian's sources (about 5-9 minutes
# on 2 cores, once; cached in /var/cache/flows-key-operator). Needs root for that install.
#
#   hack/test.sh            everything
#   hack/test.sh --unit     unit and mock-server suite only
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

ensure_tools() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v kubectl >/dev/null || missing+=(kubernetes-client)
  if ((${#missing[@]})); then
    step "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

ensure_tools
if [[ ${1:-} == --unit ]]; then
  step "unit and mock-server suite"
  exec mvn -B verify
fi

step "local control plane (first run builds kube-apiserver once)"
hack/control-plane.sh down >/dev/null 2>&1 || true
hack/control-plane.sh up
trap 'hack/control-plane.sh down >/dev/null 2>&1 || true' EXIT

step "unit and mock-server suite, then the end-to-end suite on the real API server"
mvn -B -Pe2e verify

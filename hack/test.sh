#!/usr/bin/env bash
# The tests: unit and mock-server suite (mvn verify), then the end-to-end suite on a real
# kube-apiserver. The first run builds kube-apiserver from Debian's sources (about 5-9 minutes
# on 2 cores, once; cached in /var/cache/flows-key-operator). Needs root for that install.
#
#   hack/test.sh            everything
#   hack/test.sh --unit     unit and mock-server suite only
#
# Test output (operator and mock-server logs) goes to target/surefire-reports/<class>-output.txt
# and target/failsafe-reports/; on failure the failed tests and their log files are listed last.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

ensure_tools() {
  local missing=()
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v kubectl >/dev/null || missing+=(kubernetes-client)
  # Argo CD health check (ArgoCdHealthTest) and alert rules (MonitoringRulesTest).
  command -v lua5.1 >/dev/null || missing+=(lua5.1)
  command -v promtool >/dev/null || missing+=(prometheus)
  # Flows crypto interop with Node's crypto, the way Meta's Node example seals (FlowsInteropTest).
  command -v node >/dev/null || missing+=(nodejs)
  if ((${#missing[@]})); then
    step "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# The failed tests of the last run, each with the file that holds its output.
report_failures() {
  local xml class found=0
  for xml in target/surefire-reports/TEST-*.xml target/failsafe-reports/TEST-*.xml; do
    [[ -f $xml ]] || continue
    grep -q -E '<(failure|error)[ >]' "$xml" || continue
    ((found++)) || printf '\n==> failed tests\n'
    class=$(basename "$xml" .xml)
    class=${class#TEST-}
    # testcase elements followed by a failure or error element, on one line each
    tr '\n' ' ' <"$xml" | grep -o -E '<testcase [^>]*>[[:space:]]*<(failure|error)' |
      sed -E 's/.* name="([^"]*)".*/\1/; s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' |
      sed "s|^|  ${class}: |"
    printf '    report: %s\n' "$(dirname "$xml")/${class}.txt"
    local output="$(dirname "$xml")/${class}-output.txt"
    [[ ! -f $output ]] || printf '    output: %s\n' "$output"
  done
}

run_maven() {
  local rc=0
  rm -rf target/surefire-reports target/failsafe-reports
  mvn -B "$@" || rc=$?
  ((rc == 0)) || report_failures
  return "$rc"
}

ensure_tools
if [[ ${1:-} == --unit ]]; then
  step "unit and mock-server suite"
  run_maven verify
  exit
fi

step "local control plane (first run builds kube-apiserver once)"
hack/control-plane.sh down >/dev/null 2>&1 || true
hack/control-plane.sh up
trap 'hack/control-plane.sh down >/dev/null 2>&1 || true' EXIT

step "unit and mock-server suite, then the end-to-end suite on the real API server"
run_maven -Pe2e verify

#!/usr/bin/env bash
# Real local Kubernetes control plane for tests: etcd + kube-apiserver +
# kube-controller-manager, all bound to loopback, no container runtime, no nodes.
#
#   hack/control-plane.sh install   apt packages + build kube binaries once (cached)
#   hack/control-plane.sh up        install if needed, start everything, wait until ready
#   hack/control-plane.sh down      stop everything, remove the state dir (cache kept)
#   hack/control-plane.sh env       print export lines for KUBECONFIG etc.
#   hack/control-plane.sh status    show process and API health
#
# Debian 12 only: etcd comes from the etcd-server package, kube-apiserver and
# kube-controller-manager (v1.20) are built from Debian's kubernetes source package
# because the machine can reach Debian mirrors but not dl.k8s.io.
set -euo pipefail

CACHE="${FLOWS_CACHE_DIR:-/var/cache/flows-key-operator}"
STATE="${FLOWS_STATE_DIR:-/tmp/flows-control-plane}"
BIN="$CACHE/bin"
SRC_PARENT="$CACHE/src"
GOPATH_DIR="$CACHE/gopath"

ETCD_CLIENT_PORT=12379
ETCD_PEER_PORT=12380
API_PORT=16443
KCM_PORT=16257
SERVER="https://127.0.0.1:${API_PORT}"

OPERATOR_SA_NAMESPACE=flows-system
OPERATOR_SA_NAME=flows-key-operator

UP_TIMEOUT="${FLOWS_UP_TIMEOUT:-120}"   # seconds to wait for each component

log() { printf '[control-plane %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() {
  [[ $(id -u) -eq 0 ]] || die "install needs root (apt-get, writes to $CACHE)"
}

# ---------------------------------------------------------------- install ----

installed() {
  [[ -x $BIN/kube-apiserver && -x $BIN/kube-controller-manager ]] && command -v etcd >/dev/null 2>&1
}

# apt-get source needs deb-src entries; derive them from the existing Debian
# entries (deb822 .sources or one-line .list) so we use the same mirror/snapshot.
ensure_deb_src() {
  local out=/etc/apt/sources.list.d/flows-key-operator-deb-src.sources
  [[ -f $out ]] && return 0
  if grep -rqsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
     || grep -rqsE '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources; then
    return 0
  fi
  local tmp
  tmp=$(mktemp)
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # Copy paragraphs that point at a Debian archive, with Types turned into deb-src.
    awk 'BEGIN { RS=""; ORS="\n\n" }
         /URIs:[^\n]*debian/ { gsub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >>"$tmp"
  done
  local l
  for l in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $l ]] || continue
    # One-line format: turn "deb [opts] URI suite comps" into a deb822 paragraph.
    awk '$1 == "deb" && /debian/ {
           i = 2; opts = "";
           if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
           uri = $i; suite = $(i+1); comps = "";
           for (j = i + 2; j <= NF; j++) comps = comps (comps ? " " : "") $j;
           print "Types: deb-src"; print "URIs: " uri; print "Suites: " suite; print "Components: " comps;
           if (opts ~ /signed-by=/) { match(opts, /signed-by=[^] ]+/); print "Signed-By: " substr(opts, RSTART + 10, RLENGTH - 10) }
           print "" }' "$l" >>"$tmp"
  done
  [[ -s $tmp ]] || { rm -f "$tmp"; die "no Debian apt source found to derive a deb-src entry from"; }
  install -m 0644 "$tmp" "$out"
  rm -f "$tmp"
  log "added deb-src entries in $out"
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local pkgs=(etcd-server golang-go rsync dpkg-dev golang-github-modern-go-reflect2-dev openssl curl make)
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [[ ${#missing[@]} -gt 0 ]] || ! apt-cache showsrc kubernetes >/dev/null 2>&1 \
     || [[ -z $(apt-cache showsrc kubernetes 2>/dev/null) ]]; then
    log "apt-get update (about 30 s)"
    apt-get update -qq
  fi
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "apt-get install ${missing[*]} (about 1 minute)"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Echo the unpacked kubernetes source dir, fetching it on first use.
kube_source() {
  mkdir -p "$SRC_PARENT"
  local dir
  dir=$(find "$SRC_PARENT" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  if [[ -z $dir || ! -f $dir/.flows-unpacked ]]; then
    [[ -n $dir ]] && rm -rf "$dir"
    log "apt-get source kubernetes (downloads and unpacks ~40 MB, about 1 minute)"
    (cd "$SRC_PARENT" && apt-get source -qq kubernetes >&2)
    dir=$(find "$SRC_PARENT" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
    [[ -n $dir ]] || die "apt-get source kubernetes produced no kubernetes-* directory in $SRC_PARENT"
    touch "$dir/.flows-unpacked"
  fi
  printf '%s\n' "$dir"
}

# Vendored reflect2 1.0.1 faults under Go 1.19 (json-iterator crashes the apiserver
# on the first custom resource); Debian's 1.0.2 is API-compatible and works.
patch_reflect2() {
  local src=$1 new=/usr/share/gocode/src/github.com/modern-go/reflect2
  [[ -f $src/.flows-reflect2-patched ]] && return 0
  [[ -d $new ]] || die "$new missing (package golang-github-modern-go-reflect2-dev)"
  log "replacing vendored modern-go/reflect2 1.0.1 with Debian's 1.0.2 (Go 1.19 fix)"
  rsync -a --delete --exclude '*_test.go' --exclude 'test*/' "$new/" "$src/vendor/github.com/modern-go/reflect2/"
  touch "$src/.flows-reflect2-patched"
}

build_component() {
  local src=$1 what=$2 estimate=$3
  local name=${what##*/}
  [[ -x $BIN/$name ]] && return 0
  log "building $name, $estimate on 2 cores, once (log: $CACHE/build-$name.log)"
  local start=$SECONDS version
  version=$(kube_version "$src")
  # GOPATH layout the v1.20 build scripts expect: $GOPATH/src/k8s.io/kubernetes.
  mkdir -p "$GOPATH_DIR/src/k8s.io"
  ln -sfn "$src" "$GOPATH_DIR/src/k8s.io/kubernetes"
  if ! (cd "$GOPATH_DIR/src/k8s.io/kubernetes" \
        && env GOPATH="$GOPATH_DIR" GOFLAGS= \
               KUBE_GIT_VERSION="$version" KUBE_GIT_TREE_STATE=clean \
               KUBE_GIT_COMMIT=0000000000000000000000000000000000000000 \
               make WHAT="$what" >"$CACHE/build-$name.log" 2>&1); then
    tail -n 40 "$CACHE/build-$name.log" >&2
    die "building $name failed (full log: $CACHE/build-$name.log)"
  fi
  local out
  out=$(find "$src/_output" -type f -name "$name" -perm -u+x | head -n1)
  [[ -n $out ]] || die "build of $name finished but no binary found under $src/_output"
  mkdir -p "$BIN"
  install -m 0755 "$out" "$BIN/$name.tmp" && mv -f "$BIN/$name.tmp" "$BIN/$name"
  log "built $name in $((SECONDS - start)) s -> $BIN/$name"
}

# v1.20.x from the Debian package version (e.g. 1.20.5+really1.20.2-1 -> v1.20.2),
# so clients that parse the server version see a real one instead of v0.0.0.
kube_version() {
  local v
  v=$(dpkg-parsechangelog -l "$1/debian/changelog" -S Version 2>/dev/null || true)
  v=${v##*really}; v=${v%%-*}; v=${v%%+*}; v=${v#*:}
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || v=1.20.0
  printf 'v%s\n' "$v"
}

cmd_install() {
  if installed; then
    log "already installed: $BIN/kube-apiserver, $BIN/kube-controller-manager, $(command -v etcd)"
    return 0
  fi
  need_root
  local start=$SECONDS
  mkdir -p "$CACHE" "$BIN"
  ensure_deb_src
  apt_install
  if [[ ! -x $BIN/kube-apiserver || ! -x $BIN/kube-controller-manager ]]; then
    local src
    src=$(kube_source)
    patch_reflect2 "$src"
    build_component "$src" cmd/kube-apiserver "about 4-9 minutes"
    build_component "$src" cmd/kube-controller-manager "about 2 minutes more"
  fi
  installed || die "install finished but binaries are still missing"
  log "install done in $((SECONDS - start)) s"
}

# --------------------------------------------------------------- processes ----

pid_of() {  # echo the pid of a running component we started, or fail
  local f="$STATE/$1.pid" pid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # A zombie (nobody reaped it yet) is as good as gone.
  [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] || return 1
  # Guard against a recycled pid: the process must be the binary we started.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1" || return 1
  printf '%s\n' "$pid"
}

start_component() {  # name, command...
  local name=$1; shift
  log "starting $name (log: $STATE/$name.log)"
  # 9>&-: the daemons must not inherit (and so hold forever) the lock of with_lock.
  setsid "$@" </dev/null >"$STATE/$name.log" 2>&1 9>&- &
  echo $! >"$STATE/$name.pid"
}

stop_component() {
  local name=$1 pid i
  pid=$(pid_of "$name") || { rm -f "$STATE/$name.pid"; return 0; }
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do  # up to 10 s for a clean shutdown
    pid_of "$name" >/dev/null || break
    sleep 0.1
  done
  if pid_of "$name" >/dev/null; then
    log "$name did not stop after SIGTERM, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do pid_of "$name" >/dev/null || break; sleep 0.1; done
  fi
  rm -f "$STATE/$name.pid"
}

fail_with_log() {  # name, message
  log "ERROR: $2"
  if [[ -f $STATE/$1.log ]]; then
    log "last lines of $STATE/$1.log:"
    tail -n 30 "$STATE/$1.log" >&2
  fi
  # Leave nothing half-running; the logs stay in $STATE for a look.
  stop_all
  log "stopped what was started; logs kept in $STATE ($0 down removes them)"
  exit 1
}

port_free() {
  ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

wait_for() {  # name, description, command... ; polls until the command succeeds
  local name=$1 what=$2; shift 2
  local deadline=$((SECONDS + UP_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    pid_of "$name" >/dev/null || fail_with_log "$name" "$name exited while waiting for $what"
    ((SECONDS < deadline)) || fail_with_log "$name" "timed out after ${UP_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
}

# ------------------------------------------------------------------ config ----

gen_pki() {
  local d="$STATE/pki"
  mkdir -p "$d"
  chmod 700 "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=flows-local-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$d/apiserver.key" -out "$d/apiserver.csr" 2>/dev/null
  cat >"$d/apiserver.ext" <<'EOF'
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc
EOF
  openssl x509 -req -in "$d/apiserver.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$d/apiserver.ext" -out "$d/apiserver.crt" 2>/dev/null
  # Key pair the apiserver signs/verifies service-account tokens with (required in v1.20).
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null
}

gen_tokens() {
  ADMIN_TOKEN=$(openssl rand -hex 24)
  OPERATOR_TOKEN=$(openssl rand -hex 24)
  local sa="system:serviceaccount:${OPERATOR_SA_NAMESPACE}:${OPERATOR_SA_NAME}"
  # Format: token,user,uid,"group1,group2"
  cat >"$STATE/tokens.csv" <<EOF
${ADMIN_TOKEN},flows-admin,flows-admin,"system:masters"
${OPERATOR_TOKEN},${sa},flows-operator,"system:serviceaccounts,system:serviceaccounts:${OPERATOR_SA_NAMESPACE},system:authenticated"
EOF
  chmod 600 "$STATE/tokens.csv"
  printf '%s\n' "$ADMIN_TOKEN" >"$STATE/admin.token"
  printf '%s\n' "$OPERATOR_TOKEN" >"$STATE/operator.token"
  chmod 600 "$STATE/admin.token" "$STATE/operator.token"
}

write_kubeconfig() {  # file, user, token
  local ca
  ca=$(base64 -w0 <"$STATE/pki/ca.crt")
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: flows-local
  cluster:
    server: ${SERVER}
    certificate-authority-data: ${ca}
users:
- name: $2
  user:
    token: $3
contexts:
- name: $2@flows-local
  context:
    cluster: flows-local
    user: $2
current-context: $2@flows-local
EOF
  chmod 600 "$1"
}

# -------------------------------------------------------------------- up ----

api_ready() {
  curl -fsS --max-time 3 --cacert "$STATE/pki/ca.crt" \
    -H "Authorization: Bearer $(<"$STATE/admin.token")" "$SERVER/readyz" | grep -qx ok
}

default_ns_exists() {
  curl -fsS --max-time 3 --cacert "$STATE/pki/ca.crt" \
    -H "Authorization: Bearer $(<"$STATE/admin.token")" "$SERVER/api/v1/namespaces/default" >/dev/null
}

kcm_healthy() {
  curl -fsSk --max-time 3 "https://127.0.0.1:${KCM_PORT}/healthz" | grep -qx ok
}

is_up() {
  pid_of etcd >/dev/null && pid_of kube-apiserver >/dev/null && pid_of kube-controller-manager >/dev/null \
    && [[ -f $STATE/admin.token ]] && api_ready 2>/dev/null
}

cmd_up() {
  if is_up; then
    log "already up at $SERVER (KUBECONFIG=$STATE/admin.kubeconfig)"
    return 0
  fi
  installed || cmd_install
  local start=$SECONDS
  # Half-started leftovers (crash, reboot) are not worth repairing: start clean.
  stop_all
  rm -rf "$STATE"
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  local p
  for p in $ETCD_CLIENT_PORT $ETCD_PEER_PORT $API_PORT $KCM_PORT; do
    port_free "$p" || die "port 127.0.0.1:$p is already in use by another process ($(ss -Hltnp "sport = :$p" | head -n1))"
  done
  gen_pki
  gen_tokens
  write_kubeconfig "$STATE/admin.kubeconfig" flows-admin "$ADMIN_TOKEN"
  write_kubeconfig "$STATE/operator.kubeconfig" "$OPERATOR_SA_NAME" "$OPERATOR_TOKEN"

  start_component etcd etcd \
    --name flows-local \
    --data-dir "$STATE/etcd-data" \
    --listen-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORT}" \
    --advertise-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORT}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-cluster "flows-local=http://127.0.0.1:${ETCD_PEER_PORT}" \
    --logger zap \
    --unsafe-no-fsync  # throwaway test data: skip fsync, much faster on slow disks
  wait_for etcd "etcd health on 127.0.0.1:${ETCD_CLIENT_PORT}" \
    curl -fsS --max-time 2 "http://127.0.0.1:${ETCD_CLIENT_PORT}/health"

  local pki="$STATE/pki"
  # --insecure-port=0: make sure v1.20 never serves plain HTTP on 8080 (deprecated flag, logs a warning).
  # --endpoint-reconciler-type=none: a loopback advertise address is not a valid
  #   Endpoints IP, the reconciler would log errors forever.
  start_component kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:${ETCD_CLIENT_PORT}" \
    --bind-address 127.0.0.1 \
    --advertise-address 127.0.0.1 \
    --secure-port "$API_PORT" \
    --insecure-port 0 \
    --tls-cert-file "$pki/apiserver.crt" \
    --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" \
    --token-auth-file "$STATE/tokens.csv" \
    --authorization-mode Node,RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none \
    --cert-dir "$STATE/apiserver-certs" \
    --profiling=false
  wait_for kube-apiserver "$SERVER/readyz" api_ready
  wait_for kube-apiserver "the default namespace" default_ns_exists

  # Only the controllers an operator test needs: garbage collection (ownerReferences),
  # namespace deletion, service accounts/tokens for namespaces, and the rules of the
  # aggregated ClusterRoles (view/edit/admin are empty without it). No
  # authentication/authorization kubeconfig: delegated auth would need a front-proxy
  # CA on the apiserver and only logs errors; /healthz stays open without it.
  start_component kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$STATE/admin.kubeconfig" \
    --controllers garbagecollector,namespace,serviceaccount,serviceaccount-token,clusterrole-aggregation \
    --service-account-private-key-file "$pki/sa.key" \
    --root-ca-file "$pki/ca.crt" \
    --use-service-account-credentials=false \
    --leader-elect=false \
    --bind-address 127.0.0.1 \
    --secure-port "$KCM_PORT" \
    --port 0 \
    --cert-dir "$STATE/kcm-certs" \
    --cloud-provider "" \
    --profiling=false
  wait_for kube-controller-manager "controller-manager /healthz on 127.0.0.1:${KCM_PORT}" kcm_healthy

  log "up in $((SECONDS - start)) s: $SERVER"
  log "admin:    $STATE/admin.kubeconfig"
  log "operator: $STATE/operator.kubeconfig (system:serviceaccount:${OPERATOR_SA_NAMESPACE}:${OPERATOR_SA_NAME})"
  log "run: eval \"\$($0 env)\""
}

# ------------------------------------------------------------------ down ----

stop_all() {
  [[ -d $STATE ]] || return 0
  # Reverse start order so the controller-manager does not spin on a dead apiserver.
  stop_component kube-controller-manager
  stop_component kube-apiserver
  stop_component etcd
}

cmd_down() {
  stop_all
  if [[ -d $STATE ]]; then
    rm -rf "$STATE"
    log "removed $STATE (cache in $CACHE kept)"
  fi
  log "down"
}

# ------------------------------------------------------------ env/status ----

cmd_env() {
  [[ -f $STATE/admin.kubeconfig ]] || die "not up (no $STATE/admin.kubeconfig); run: $0 up"
  cat <<EOF
export KUBECONFIG=$STATE/admin.kubeconfig
export FLOWS_ADMIN_KUBECONFIG=$STATE/admin.kubeconfig
export FLOWS_OPERATOR_KUBECONFIG=$STATE/operator.kubeconfig
export FLOWS_API_SERVER=$SERVER
export FLOWS_CA_FILE=$STATE/pki/ca.crt
export FLOWS_ADMIN_TOKEN_FILE=$STATE/admin.token
export FLOWS_OPERATOR_TOKEN_FILE=$STATE/operator.token
EOF
}

cmd_status() {
  local rc=0 c pid
  for c in etcd kube-apiserver kube-controller-manager; do
    if pid=$(pid_of "$c"); then
      printf '%-24s running (pid %s)\n' "$c" "$pid"
    else
      printf '%-24s stopped\n' "$c"; rc=1
    fi
  done
  if [[ -f $STATE/admin.token ]] && api_ready 2>/dev/null; then
    printf '%-24s ready (%s)\n' "api /readyz" "$SERVER"
  else
    printf '%-24s not ready\n' "api /readyz"; rc=1
  fi
  if installed; then
    printf '%-24s %s\n' "binaries" "$BIN"
  else
    printf '%-24s not installed (run: %s install)\n' "binaries" "$0"
  fi
  return $rc
}

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

# Serialise install/up/down: parallel test runners may call `up` at the same time.
with_lock() {
  exec 9>"${STATE%/}.lock"
  flock -w 900 9 || die "another $0 is still running (lock ${STATE%/}.lock)"
  "$@"
}

case "${1:-}" in
  install) with_lock cmd_install ;;
  up) with_lock cmd_up ;;
  down) with_lock cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *) usage ;;
esac

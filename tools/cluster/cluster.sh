#!/usr/bin/env bash
# A real, upstream Kubernetes cluster running natively on this machine: one node, every component a
# host process (the approach of Kubernetes' own hack/local-up-cluster.sh), no Kind, no VM.
#
#   tools/cluster/cluster.sh up        start it (idempotent: a healthy cluster is left as it is)
#   tools/cluster/cluster.sh down      stop every component and remove its network state (keeps data)
#   tools/cluster/cluster.sh reset     down, then delete all state (etcd, images, volumes)
#   tools/cluster/cluster.sh status    what runs, and the node
#   tools/cluster/cluster.sh env       print `export KUBECONFIG=...`
#   tools/cluster/cluster.sh import IMAGE...   copy images from Docker into the cluster's containerd
#
# Pieces: etcd, containerd, runc and the CNI plugins from Debian; kube-apiserver, -controller-manager,
# -scheduler, kubelet, kube-proxy (iptables mode) and kubectl built from k8s.io/kubernetes at the pin in
# tools/cluster/kubernetes/go.mod; NetworkPolicies enforced by kube-router's firewall (iptables +
# ipset); CoreDNS and Traefik as pods, built from their modules (tools/cluster/build.sh).
# docs/kubernetes.md ("The local native cluster") explains the choices.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# Fixed places, not inside the checkout: a clean clone must find (and clean up) a cluster that an
# earlier checkout left behind, because mounts, interfaces and iptables rules outlive processes.
STATE=${CLUSTER_STATE:-/var/lib/property-platform-cluster}
RUN=/run/property-platform-cluster
BIN=${CLUSTER_BIN:-$root/.cache/cluster/bin}
LOGS=$STATE/logs
PKI=$STATE/pki
NODE=pp-node
# The node's address lives on the loopback interface (this kernel has no dummy interfaces), so nothing
# of the cluster ever needs the machine's real network: pods, services and the node are all addresses
# on this host.
NODE_IF=lo
NODE_IP=10.200.0.2
CLUSTER_CIDR=10.244.0.0/16
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
DNS_SERVICE_IP=10.96.0.10
BRIDGE=pp-cni0
CONTAINERD_SOCK=$RUN/containerd/containerd.sock
export KUBECONFIG=$STATE/admin.kubeconfig
export PATH=$BIN:$PATH

say() { printf '==> %s\n' "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }
kubectl() { "$BIN/kubectl" "$@"; }

pid_alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start() { # start NAME COMMAND...: run a component in the background, its log in $LOGS/NAME.log
  local name=$1; shift
  if pid_alive "$name"; then return; fi
  setsid "$@" >>"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

wait_for() { # wait_for SECONDS WHAT COMMAND...: poll until COMMAND succeeds
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      die "$what did not come up in ${limit}s (logs: $LOGS/)"
    fi
    sleep 1
  done
}

check_prerequisites() {
  local missing=()
  [ "$(id -u)" = 0 ] || die "must run as root (it starts a kubelet, containerd and iptables rules)"
  for tool in etcd containerd runc ctr iptables ipset conntrack openssl curl ip; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  for plugin in bridge host-local loopback portmap; do
    [ -x "/usr/lib/cni/$plugin" ] || missing+=("cni plugin $plugin (containernetworking-plugins)")
  done
  for program in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl kube-router coredns traefik pause; do
    [ -x "$BIN/$program" ] || missing+=("$program (tools/cluster/build.sh)")
  done
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} — run tools/cluster/install-prerequisites.sh and tools/cluster/build.sh"
  grep -q cgroup /proc/filesystems || die "the kernel has no cgroups"
}

# --- certificates ---------------------------------------------------------------------------------
client_cert() { # client_cert NAME CN [ORG]
  local name=$1 cn=$2 org=${3:-}
  [ -s "$PKI/$name.crt" ] && return
  local subj="/CN=$cn"; [ -n "$org" ] && subj="/O=$org$subj"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 365 \
    -extfile <(printf 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n') -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr"
}

kubeconfig() { # kubeconfig NAME: a kubeconfig using client cert NAME
  local file=$STATE/$1.kubeconfig
  [ -s "$file" ] && return
  cat > "$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "https://$NODE_IP:6443", certificate-authority: "$PKI/ca.crt"}
users:
- name: $1
  user: {client-certificate: "$PKI/$1.crt", client-key: "$PKI/$1.key"}
contexts:
- name: local
  context: {cluster: local, user: $1}
current-context: local
EOF
}

make_pki() {
  mkdir -p "$PKI"; chmod 700 "$PKI"
  if [ ! -s "$PKI/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -days 3650 -subj "/CN=property-platform-local-ca" -out "$PKI/ca.crt" 2>/dev/null
  fi
  if [ ! -s "$PKI/apiserver.crt" ]; then
    openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/apiserver.key" -subj "/CN=kube-apiserver" -out "$PKI/apiserver.csr" 2>/dev/null
    openssl x509 -req -in "$PKI/apiserver.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 365 -out "$PKI/apiserver.crt" \
      -extfile <(printf 'subjectAltName=IP:%s,IP:%s,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n' "$NODE_IP" "$API_SERVICE_IP") 2>/dev/null
    rm -f "$PKI/apiserver.csr"
  fi
  [ -s "$PKI/service-account.key" ] || openssl genrsa -out "$PKI/service-account.key" 2048 2>/dev/null
  [ -s "$PKI/service-account.pub" ] || openssl rsa -in "$PKI/service-account.key" -pubout -out "$PKI/service-account.pub" 2>/dev/null
  # One identity per component, with the names RBAC's bootstrap policy already knows.
  client_cert admin kubernetes-admin system:masters
  client_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  client_cert controller-manager system:kube-controller-manager
  client_cert scheduler system:kube-scheduler
  client_cert kubelet "system:node:$NODE" system:nodes
  client_cert kube-proxy system:kube-proxy
  client_cert kube-router system:kube-router
  for k in admin controller-manager scheduler kubelet kube-proxy kube-router; do kubeconfig "$k"; done
}

# --- host network ----------------------------------------------------------------------------------
setup_host_network() {
  [ -n "$(ip -o addr show dev "$NODE_IF" to "$NODE_IP/32")" ] || ip addr add "$NODE_IP/32" dev "$NODE_IF"
  # Service addresses exist only as kube-proxy's DNAT rules; anything not translated is dropped here
  # instead of following the default route off the machine.
  [ -n "$(ip route show type blackhole "$SERVICE_CIDR")" ] || ip route add blackhole "$SERVICE_CIDR"
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1 2>/dev/null \
    || sysctl -qw net.ipv4.ip_forward=1
  # Pods talk to each other, to the node and to services, never off the machine.
  iptables -N PP-ISOLATE 2>/dev/null || true
  iptables -F PP-ISOLATE
  iptables -A PP-ISOLATE -i "$BRIDGE" ! -o "$BRIDGE" -j REJECT
  iptables -C FORWARD -j PP-ISOLATE 2>/dev/null || iptables -I FORWARD 1 -j PP-ISOLATE
  # Docker (which builds the images) sets FORWARD's policy to DROP; pod-to-pod traffic on the bridge
  # is then filtered by the NetworkPolicy chains alone, which kube-router inserts before this rule.
  iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null || iptables -A FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
}

# Browsers resolve *.localhost to 127.0.0.1 themselves; other clients (Playwright's request API, curl)
# ask the system resolver, which knows only /etc/hosts. One marked line, added once.
HOSTS_LINE="127.0.0.1 tenant.localhost market.localhost property.admin.localhost financial.admin.localhost maintenance.admin.localhost bff.admin.localhost # property-platform local cluster"
add_hosts() { grep -qF "$HOSTS_LINE" /etc/hosts || echo "$HOSTS_LINE" >> /etc/hosts; }

write_cni_config() {
  mkdir -p "$STATE/cni/net.d"
  cat > "$STATE/cni/net.d/10-pods.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "pods",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": {"type": "host-local", "dataDir": "$STATE/cni/ipam",
               "ranges": [[{"subnet": "${CLUSTER_CIDR%.*/*}.0/24"}]], "routes": [{"dst": "0.0.0.0/0"}]}
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

write_containerd_config() {
  mkdir -p "$STATE/containerd" "$RUN/containerd"
  cat > "$STATE/containerd.toml" <<EOF
version = 2
root = "$STATE/containerd"
state = "$RUN/containerd/state"
oom_score = 0
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "property-platform/pause:local"
  # containerd may not lower a process's OOM score here (the VM grants no CAP_SYS_RESOURCE): clamp
  # the pod sandbox's -998 to containerd's own score instead of failing every pod.
  restrict_oom_score_adj = true
  enable_unprivileged_ports = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
EOF
}

write_kubelet_config() {
  : > "$STATE/resolv.conf"  # pods get cluster DNS only; the host's resolvers are not theirs
  cat > "$STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$PKI/ca.crt"}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
# This VM has cgroup v1 (with the unified hierarchy beside it); releases from 1.35 refuse v1 unless told.
failCgroupV1: false
failSwapOn: false
oomScoreAdj: 0
clusterDNS: ["$DNS_SERVICE_IP"]
clusterDomain: cluster.local
resolvConf: "$STATE/resolv.conf"
podLogsDir: "$STATE/pod-logs"
healthzBindAddress: 127.0.0.1
healthzPort: 10248
address: "$NODE_IP"
readOnlyPort: 0
serializeImagePulls: false
maxPods: 110
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: "200Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
protectKernelDefaults: false
makeIPTablesUtilChains: true
shutdownGracePeriod: 0s
EOF
}

write_kube_proxy_config() {
  cat > "$STATE/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clusterCIDR: $CLUSTER_CIDR
hostnameOverride: $NODE
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
oomScoreAdj: 0
clientConnection: {kubeconfig: "$STATE/kube-proxy.kubeconfig"}
# NodePorts on 127.0.0.1 too: Traefik's NodePort 80 is how a browser on this machine reaches the
# cluster (http://tenant.localhost resolves to 127.0.0.1).
nodePortAddresses: ["127.0.0.0/8", "$NODE_IP/32"]
iptables: {localhostNodePorts: true}
conntrack: {maxPerCore: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
}

# --- components ------------------------------------------------------------------------------------
start_control_plane() {
  start etcd etcd --name "$NODE" --data-dir "$STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster "$NODE=http://127.0.0.1:2380" --quota-backend-bytes 2147483648
  wait_for 60 etcd curl -fsS http://127.0.0.1:2379/health

  start kube-apiserver kube-apiserver --etcd-servers=http://127.0.0.1:2379 \
    --advertise-address="$NODE_IP" --bind-address="$NODE_IP" --secure-port=6443 \
    --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=80-32767 \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
    --service-account-key-file="$PKI/service-account.pub" --service-account-signing-key-file="$PKI/service-account.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --kubelet-preferred-address-types=InternalIP \
    --allow-privileged=false --profiling=false --event-ttl=30m
  wait_for 120 kube-apiserver kubectl get --raw /readyz
  kubectl apply -f "$here/manifests/rbac.yaml" >/dev/null

  start kube-controller-manager kube-controller-manager --kubeconfig="$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$STATE/controller-manager.kubeconfig" --authorization-kubeconfig="$STATE/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file="$PKI/service-account.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --allocate-node-cidrs=true --cluster-cidr="$CLUSTER_CIDR" --node-cidr-mask-size=24 \
    --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false
  start kube-scheduler kube-scheduler --kubeconfig="$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig="$STATE/scheduler.kubeconfig" --authorization-kubeconfig="$STATE/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --leader-elect=false --profiling=false
}

start_node() {
  start containerd containerd --config "$STATE/containerd.toml"
  wait_for 60 containerd ctr --address "$CONTAINERD_SOCK" version
  mkdir -p "$STATE/kubelet" "$STATE/pod-logs"
  # containerd answers `ctr version` before its CRI is initialized; a kubelet started then exits
  # ("server is not initialized yet"), so it is started again until its healthz answers.
  wait_for 120 "the kubelet" kubelet_up
  wait_for 120 "the node" kubectl get node "$NODE"
  start kube-proxy kube-proxy --config="$STATE/kube-proxy.yaml"
  # kube-router's firewall alone: pod networking is the CNI bridge and services are kube-proxy's.
  # It calls iptables/ipset from PATH and hooks FORWARD/INPUT/OUTPUT for traffic of pod addresses.
  start kube-router kube-router --kubeconfig="$STATE/kube-router.kubeconfig" --hostname-override="$NODE" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --service-cluster-ip-range="$SERVICE_CIDR" --iptables-sync-period=1m --health-port=20244 --metrics-port=0
  wait_for 120 "the node (Ready)" node_ready
}

kubelet_up() {
  start kubelet kubelet --config="$STATE/kubelet.yaml" --kubeconfig="$STATE/kubelet.kubeconfig" \
    --hostname-override="$NODE" --node-ip="$NODE_IP" --root-dir="$STATE/kubelet" \
    --cert-dir="$STATE/kubelet/pki"
  sleep 1
  curl -fsS http://127.0.0.1:10248/healthz
}

# Ready, and (while `up` starts the node) said so by this kubelet: on kept state the API server still
# holds the last run's Ready=True until the new kubelet posts its first status.
node_ready() {
  local ready
  ready=$(kubectl get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}')
  [ "${ready%% *}" = True ] && [[ ! "${ready#* }" < "${UP_STARTED:-}" ]]
}

healthy() {
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy kube-router; do
    pid_alive "$c" || return 1
  done
  kubectl get --raw /readyz >/dev/null 2>&1 && node_ready
}

# --- images ----------------------------------------------------------------------------------------
import_image() { # import_image NAME: copy an image from Docker's store into the cluster's containerd
  local name=$1 id
  id=$(docker image inspect -f '{{.Id}}' "$name") || die "image $name is not in Docker (make images; tools/cluster/images.sh)"
  if [ "$(cat "$STATE/images/${name//[\/:]/_}" 2>/dev/null)" = "$id" ]; then return; fi
  docker save "$name" | ctr --address "$CONTAINERD_SOCK" -n k8s.io images import --no-unpack - >/dev/null
  mkdir -p "$STATE/images"; echo "$id" > "$STATE/images/${name//[\/:]/_}"
  echo "  · imported $name"
}

# --- add-ons ---------------------------------------------------------------------------------------
install_addons() {
  sed -e "s|@DNS_SERVICE_IP@|$DNS_SERVICE_IP|g" "$here/manifests/coredns.yaml" | kubectl apply -f - >/dev/null
  kubectl apply --server-side -f "$(cd "$here/traefik" && go list -m -f '{{.Dir}}' github.com/traefik/traefik/v3)/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml" >/dev/null
  kubectl apply -f "$here/manifests/traefik.yaml" >/dev/null
  # Static local volumes: one node, no provisioner; each PersistentVolumeClaim binds one of these.
  local i
  for i in $(seq 1 8); do
    mkdir -p "$STATE/volumes/pv$i"; chmod 1777 "$STATE/volumes/pv$i"
    sed -e "s|@N@|$i|g" -e "s|@PATH@|$STATE/volumes/pv$i|g" -e "s|@NODE@|$NODE|g" "$here/manifests/volume.yaml"
  done | kubectl apply -f - >/dev/null
  kubectl -n kube-system rollout status deploy/coredns --timeout=180s >/dev/null
  kubectl -n traefik rollout status deploy/traefik --timeout=180s >/dev/null
}

up() {
  local started=$SECONDS
  check_prerequisites
  mkdir -p "$STATE" "$RUN" "$LOGS"
  add_hosts
  if healthy; then
    say "cluster already up (node $NODE Ready)"
  else
    # A half-started or stale cluster (e.g. left by another checkout, or a reboot) is stopped first.
    stop_components quiet
    UP_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    say "certificates and configuration in $STATE"
    make_pki
    setup_host_network
    write_cni_config; write_containerd_config; write_kubelet_config; write_kube_proxy_config
    say "control plane: etcd $(etcd --version | awk '/etcd Version/ {print $3}'), kube-apiserver $(kube-apiserver --version | awk '{print $2}')"
    start_control_plane
    say "node $NODE: containerd $(containerd --version | awk '{print $3}'), kubelet, kube-proxy, kube-router"
    start_node
  fi
  say "images"
  for image in property-platform/pause:local property-platform/coredns:local property-platform/traefik:local; do import_image "$image"; done
  say "add-ons: CoreDNS, Traefik (CRDs from its module), local volumes"
  install_addons
  say "cluster up in $((SECONDS - started))s — export KUBECONFIG=$KUBECONFIG"
}

stop_components() {
  local c
  for c in kube-router kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver etcd; do
    if pid_alive "$c"; then kill "$(cat "$RUN/$c.pid")" 2>/dev/null || true; fi
  done
  # Pods' processes belong to containerd-shim; stop them with containerd before containerd itself.
  if pid_alive containerd; then
    local ns=k8s.io t
    for t in $(ctr --address "$CONTAINERD_SOCK" -n $ns tasks ls -q 2>/dev/null); do
      ctr --address "$CONTAINERD_SOCK" -n $ns tasks kill -s KILL "$t" >/dev/null 2>&1 || true
    done
    kill "$(cat "$RUN/containerd.pid")" 2>/dev/null || true
  fi
  # Anything left: shims and processes started from our binaries by an earlier run.
  pkill -f "containerd-shim-runc-v2 -namespace k8s.io -address $CONTAINERD_SOCK" 2>/dev/null || true
  pkill -f "$BIN/kube" 2>/dev/null || true
  pkill -f "etcd --name $NODE" 2>/dev/null || true
  sleep 1
  # Mounts (pod volumes, container root filesystems, sandbox namespaces) outlive their processes.
  { grep -E " ($STATE|$RUN)/" /proc/self/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -f "$RUN"/*.pid
  [ "${1:-}" = quiet ] || say "cluster stopped (state kept in $STATE; 'reset' deletes it)"
}

down() {
  stop_components
  # kube-proxy's and kube-router's rules point at pods that no longer exist.
  if [ -x "$BIN/kube-proxy" ]; then "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  if [ -x "$BIN/kube-router" ]; then "$BIN/kube-router" --cleanup-config >/dev/null 2>&1 || true; fi
  rm -rf "$STATE/cni/ipam"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  reset) down; rm -rf "$STATE" "$RUN"; ip addr del "$NODE_IP/32" dev "$NODE_IF" 2>/dev/null || true; say "cluster state deleted" ;;
  status)
    for c in etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy kube-router; do
      if pid_alive "$c"; then echo "  $c: running (pid $(cat "$RUN/$c.pid"))"; else echo "  $c: stopped"; fi
    done
    kubectl get nodes -o wide 2>/dev/null || true ;;
  env) echo "export KUBECONFIG=$KUBECONFIG" ;;
  import) shift; for image in "$@"; do import_image "$image"; done ;;
  *) echo "usage: $0 up|down|reset|status|env|import IMAGE..." >&2; exit 2 ;;
esac

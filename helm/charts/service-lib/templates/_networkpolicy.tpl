{{/*
NetworkPolicies. The namespace is default-deny (ingress and egress); every pod then gets exactly the
edges of ARCHITECTURE.md §7, generated from values:
  calls                     whom the main component calls (egress; the callee declares the ingress)
  cronJobs[].calls          whom a CronJob calls (names from `calls`)
  networkPolicy.allowFrom   who may call the main component (ingress)
  admin.allowFrom           who may call the admin component (ingress)
  networkPolicy.platform.*  where DNS, the OTLP collector, Traefik, the CNPG operator and the
                            Kubernetes API server live
The own database is reached as CNPG pods (cnpg.io/cluster), external CIDRs, or the pods of the
StatefulSet mode ({workload: <this chart>, components: [database]}).
The rules are built as data (dicts and lists) and rendered with toYaml.
*/}}

{{/*
A NetworkPolicyPeer as YAML (a map). Call with (dict "root" $ "peer" ITEM), ITEM one of
{workload, components}, {platform: dns|collector|traefik|cnpgOperator}, {namespace, podLabels},
{cluster: <cnpg cluster name>}.
*/}}
{{- define "service-lib.netpolPeer" -}}
{{- $np := .root.Values.networkPolicy -}}
{{- $p := .peer -}}
{{- if $p.platform -}}
{{- $p = index $np.platform $p.platform -}}
{{- end -}}
{{- if $p.workload -}}
podSelector:
  matchLabels:
    app.kubernetes.io/name: {{ $p.workload }}
  {{- with $p.components }}
  matchExpressions:
    - key: app.kubernetes.io/component
      operator: In
      values: {{ toJson . }}
  {{- end }}
{{- else if $p.cluster -}}
podSelector:
  matchLabels:
    cnpg.io/cluster: {{ $p.cluster }}
{{- else if $p.namespace -}}
namespaceSelector:
  matchLabels:
    kubernetes.io/metadata.name: {{ $p.namespace }}
podSelector:
  matchLabels:
    {{- toYaml $p.podLabels | nindent 4 }}
{{- else -}}
{{- fail (printf "network peer needs workload, cluster, namespace or platform: %v" $p) -}}
{{- end -}}
{{- end -}}

{{/* A rule {from|to: [peers], ports}. Call with (dict "root" $ "dir" "from|to" "peers" LIST "ports" LIST "protocols" LIST). */}}
{{- define "service-lib.netpolRule" -}}
{{- $peers := list -}}
{{- range .peers -}}
{{- $peers = append $peers (include "service-lib.netpolPeer" (dict "root" $.root "peer" .) | fromYaml) -}}
{{- end -}}
{{- $ports := list -}}
{{- range $port := .ports -}}
{{- range $proto := (default (list "TCP") $.protocols) -}}
{{- $ports = append $ports (dict "protocol" $proto "port" (int $port)) -}}
{{- end -}}
{{- end -}}
{{- toYaml (dict .dir $peers "ports" $ports) -}}
{{- end -}}

{{/* Egress rules for a component: collector, own database, and the given calls (DNS: see allow-dns). Returns a YAML list.
Call with (dict "root" $ "callNames" LIST-or-"all"). */}}
{{- define "service-lib.netpolEgress" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $pl := $v.networkPolicy.platform -}}
{{- $rules := list -}}
{{- if $v.otel.enabled -}}
{{- $rules = append $rules (include "service-lib.netpolRule" (dict "root" $root "dir" "to" "peers" (list (dict "platform" "collector")) "ports" $pl.collector.ports) | fromYaml) -}}
{{- end -}}
{{- if $v.database.enabled -}}
{{- if $v.database.external.enabled -}}
{{- $blocks := list -}}
{{- range $v.database.external.cidrs }}{{ $blocks = append $blocks (dict "ipBlock" (dict "cidr" .)) }}{{ end -}}
{{- $rules = append $rules (dict "to" $blocks "ports" (list (dict "protocol" "TCP" "port" (int $v.database.external.port)))) -}}
{{- else if $v.database.statefulSet.enabled -}}
{{- $rules = append $rules (include "service-lib.netpolRule" (dict "root" $root "dir" "to" "peers" (list (dict "workload" (include "service-lib.name" $root) "components" (list "database"))) "ports" (list 5432)) | fromYaml) -}}
{{- else -}}
{{- $rules = append $rules (include "service-lib.netpolRule" (dict "root" $root "dir" "to" "peers" (list (dict "cluster" (include "service-lib.databaseClusterName" $root))) "ports" (list 5432)) | fromYaml) -}}
{{- end -}}
{{- end -}}
{{- range $v.calls -}}
{{- if or (eq (toString $.callNames) "all") (has .name $.callNames) -}}
{{- $rules = append $rules (include "service-lib.netpolRule" (dict "root" $root "dir" "to" "peers" (list (dict "workload" .name "components" (default (list "api") .components))) "ports" (list .port)) | fromYaml) -}}
{{- end -}}
{{- end -}}
{{- toYaml $rules -}}
{{- end -}}

{{/* One NetworkPolicy. Call with (dict "root" $ "name" N "component" C "selector" MAP "ingress" LIST "egress" LIST). */}}
{{- define "service-lib.networkPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .name }}
  labels:
    {{- include "service-lib.labels" (dict "root" .root "component" .component) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" .root "wave" "-2") | nindent 2 }}
spec:
  podSelector:
    {{- if .selector }}
    matchLabels:
      {{- toYaml .selector | nindent 6 }}
    {{- else }} {}
    {{- end }}
  policyTypes: [{{ if .ingressOnly }}Ingress{{ else if .egressOnly }}Egress{{ else }}Ingress, Egress{{ end }}]
  {{- if not .egressOnly }}
  ingress: {{- if .ingress }}{{ toYaml .ingress | nindent 4 }}{{ else }} []{{ end }}
  {{- end }}
  egress: {{- if .egress }}{{ toYaml .egress | nindent 4 }}{{ else }} []{{ end }}
{{- end -}}

{{/* Every NetworkPolicy of the chart, each preceded by "---". */}}
{{- define "service-lib.networkPolicies" -}}
{{- $root := . -}}
{{- $v := .Values -}}
{{- $np := $v.networkPolicy -}}
{{- $fullname := include "service-lib.fullname" . -}}
{{- $name := include "service-lib.name" . -}}
{{- if $np.defaultDeny }}
---
# Every pod in the namespace: nothing in, nothing out, unless another policy allows it. Each chart
# renders its own copy (policies are additive, copies are harmless), so the namespace is default-deny
# as soon as any one chart is installed.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ $fullname }}-default-deny
  labels:
    {{- include "service-lib.labels" (dict "root" .) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-2") | nindent 2 }}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
{{- end }}
---
# Every pod in the namespace may resolve names (ARCHITECTURE.md §7: every pod -> kube-dns 53).
{{ include "service-lib.networkPolicy" (dict "root" . "name" (printf "%s-allow-dns" $fullname) "component" "" "selector" (dict) "egressOnly" true "ingress" (list) "egress" (list (include "service-lib.netpolRule" (dict "root" . "dir" "to" "peers" (list (dict "platform" "dns")) "ports" (list 53) "protocols" (list "UDP" "TCP")) | fromYaml))) }}
{{- /* the main component (api / web) */}}
{{- $ingress := list -}}
{{- if $np.allowFrom -}}
{{- $ingress = list (include "service-lib.netpolRule" (dict "root" . "dir" "from" "peers" $np.allowFrom "ports" (list $v.containerPort)) | fromYaml) -}}
{{- end }}
---
{{ include "service-lib.networkPolicy" (dict "root" . "name" (printf "%s-%s" $fullname $v.component) "component" $v.component "selector" (dict "app.kubernetes.io/name" $name "app.kubernetes.io/component" $v.component) "ingress" $ingress "egress" (include "service-lib.netpolEgress" (dict "root" . "callNames" "all") | fromYamlArray)) }}
{{- if $v.admin.enabled }}
{{- $ingress = list (include "service-lib.netpolRule" (dict "root" . "dir" "from" "peers" $v.admin.allowFrom "ports" (list $v.containerPort)) | fromYaml) }}
---
{{ include "service-lib.networkPolicy" (dict "root" . "name" (printf "%s-admin" $fullname) "component" "admin" "selector" (dict "app.kubernetes.io/name" $name "app.kubernetes.io/component" "admin") "ingress" $ingress "egress" (include "service-lib.netpolEgress" (dict "root" . "callNames" (list)) | fromYamlArray)) }}
{{- end }}
{{- if $v.migrations.enabled }}
---
{{ include "service-lib.networkPolicy" (dict "root" . "name" (printf "%s-migrate" $fullname) "component" "migrate" "selector" (dict "app.kubernetes.io/name" $name "app.kubernetes.io/component" "migrate") "ingress" (list) "egress" (include "service-lib.netpolEgress" (dict "root" . "callNames" (list)) | fromYamlArray)) }}
{{- end }}
{{- range $v.cronJobs }}
---
{{ include "service-lib.networkPolicy" (dict "root" $root "name" (printf "%s-%s" $fullname .name) "component" .name "selector" (dict "app.kubernetes.io/name" $name "app.kubernetes.io/component" .name) "ingress" (list) "egress" (include "service-lib.netpolEgress" (dict "root" $root "callNames" (default (list) .calls)) | fromYamlArray)) }}
{{- end }}
{{- if include "service-lib.cnpgEnabled" . }}
{{- $cluster := include "service-lib.databaseClusterName" . -}}
{{- $pl := $np.platform -}}
{{- $clients := list -}}
{{- range (include "service-lib.databaseClients" . | fromJsonArray) }}
{{- $clients = append $clients (dict "workload" $name "components" (list .)) -}}
{{- end }}
{{- $ingress = list
  (include "service-lib.netpolRule" (dict "root" . "dir" "from" "peers" (append $clients (dict "cluster" $cluster)) "ports" (list 5432)) | fromYaml)
  (include "service-lib.netpolRule" (dict "root" . "dir" "from" "peers" (list (dict "platform" "cnpgOperator")) "ports" $pl.cnpgOperator.ports) | fromYaml) -}}
{{- $apiBlocks := list -}}
{{- range $pl.apiServer.cidrs }}{{ $apiBlocks = append $apiBlocks (dict "ipBlock" (dict "cidr" .)) }}{{ end -}}
{{- $apiPorts := list -}}
{{- range $pl.apiServer.ports }}{{ $apiPorts = append $apiPorts (dict "protocol" "TCP" "port" (int .)) }}{{ end -}}
{{- $egress := list
  (include "service-lib.netpolRule" (dict "root" . "dir" "to" "peers" (list (dict "cluster" $cluster)) "ports" (list 5432)) | fromYaml)
  (dict "to" $apiBlocks "ports" $apiPorts) }}
---
# The CloudNativePG instances (and the operator's initdb/join Job pods, which carry the same label).
# In: this chart's database clients and the other instances (replication) on 5432, the operator on its
# status port and 5432. Out: the other instances and the Kubernetes API server (the instance manager
# watches its Cluster resource); DNS comes from the allow-dns policy.
{{ include "service-lib.networkPolicy" (dict "root" . "name" (printf "%s-database" $fullname) "component" "database" "selector" (dict "cnpg.io/cluster" $cluster) "ingress" $ingress "egress" $egress) }}
{{- end }}
{{- if include "service-lib.databaseStatefulSetEnabled" . }}
{{- $clients := list -}}
{{- range (include "service-lib.databaseClients" . | fromJsonArray) }}
{{- $clients = append $clients (dict "workload" $name "components" (list .)) -}}
{{- end }}
{{- $ingress = list (include "service-lib.netpolRule" (dict "root" . "dir" "from" "peers" $clients "ports" (list 5432)) | fromYaml) }}
---
# The PostgreSQL StatefulSet (database.statefulSet): in from this chart's database clients on 5432;
# out nothing (no operator, no replication, no API server; DNS comes from the allow-dns policy).
{{ include "service-lib.networkPolicy" (dict "root" . "name" (printf "%s-database" $fullname) "component" "database" "selector" (dict "app.kubernetes.io/name" $name "app.kubernetes.io/component" "database") "ingress" $ingress "egress" (list)) }}
{{- end }}
{{- end -}}

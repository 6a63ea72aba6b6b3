{{/*
Everything a workload chart renders. A workload chart's only template is
  {{ include "service-lib.all" . }}
*/}}
{{- define "service-lib.all" -}}
{{- $v := .Values -}}
{{- $fullname := include "service-lib.fullname" . -}}
{{- if $v.serviceAccount.create }}
---
{{ include "service-lib.serviceAccount" . }}
{{- end }}
---
{{ include "service-lib.configMap" . }}
{{- if $v.secret.create }}
---
{{ include "service-lib.secret" . }}
{{- end }}
{{- if and $v.persistence.enabled (not $v.persistence.existingClaim) }}
---
{{ include "service-lib.pvc" . }}
{{- end }}
{{- if include "service-lib.cnpgEnabled" . }}
---
{{ include "service-lib.databaseCluster" . }}
{{- end }}
{{- if include "service-lib.databaseStatefulSetEnabled" . }}
---
{{ include "service-lib.databaseSecret" . }}
---
{{ include "service-lib.databaseService" . }}
---
{{ include "service-lib.databaseStatefulSet" . }}
{{- end }}
{{- if $v.migrations.enabled }}
---
{{ include "service-lib.migrationJob" . }}
{{- end }}
---
{{ include "service-lib.deployment" (dict "root" . "name" $fullname "component" $v.component "spec" $v "serviceComponent" $v.serviceComponent) }}
---
{{ include "service-lib.service" (dict "root" . "name" $fullname "component" $v.component) }}
{{- if $v.pdb.enabled }}
---
{{ include "service-lib.pdb" (dict "root" . "name" $fullname "component" $v.component) }}
{{- end }}
{{- if $v.autoscaling.enabled }}
---
{{ include "service-lib.hpa" (dict "root" . "name" $fullname "component" $v.component "spec" $v) }}
{{- end }}
{{- if $v.admin.enabled }}
{{- $adminName := printf "%s-admin" $fullname }}
---
{{ include "service-lib.deployment" (dict "root" . "name" $adminName "component" "admin" "spec" $v.admin "serviceComponent" "admin") }}
---
{{ include "service-lib.service" (dict "root" . "name" $adminName "component" "admin") }}
{{- if $v.pdb.enabled }}
---
{{ include "service-lib.pdb" (dict "root" . "name" $adminName "component" "admin") }}
{{- end }}
{{- if $v.admin.hosts }}
---
{{ include "service-lib.ingressRoute" (dict "root" . "name" $adminName "component" "admin" "hosts" $v.admin.hosts "routes" (list (dict "pathPrefix" "/")) "defaultService" $adminName) }}
{{- end }}
{{- end }}
{{- range $v.cronJobs }}
---
{{ include "service-lib.cronJob" (dict "root" $ "job" .) }}
{{- end }}
{{- if $v.networkPolicy.enabled }}
{{ include "service-lib.networkPolicies" . }}
{{- end }}
{{ include "service-lib.middlewares" . }}
{{- if and $v.ingressRoute.enabled $v.ingressRoute.hosts }}
---
{{ include "service-lib.ingressRoute" (dict "root" . "name" $fullname "component" $v.component "hosts" $v.ingressRoute.hosts "routes" $v.ingressRoute.routes "defaultService" $fullname) }}
{{- end }}
{{- end -}}

{{/* NOTES.txt of a workload chart: {{ include "service-lib.notes" . }} */}}
{{- define "service-lib.notes" -}}
{{- $v := .Values -}}
{{- $fullname := include "service-lib.fullname" . -}}
{{ $fullname }} {{ include "service-lib.imageTag" . }} is deployed in namespace {{ .Release.Namespace }}.

In the cluster: http://{{ $fullname }}:{{ $v.service.port }} (component {{ $v.component }}).
{{- if and $v.ingressRoute.enabled $v.ingressRoute.hosts }}
Through Traefik: {{ range $v.ingressRoute.hosts }}http{{ if $v.ingressRoute.tls.enabled }}s{{ end }}://{{ . }} {{ end }}
{{- end }}
{{- if $v.admin.enabled }}
Admin (Django): {{ range $v.admin.hosts }}http{{ if $v.ingressRoute.tls.enabled }}s{{ end }}://{{ . }}/admin/ {{ end }}
  Create a staff user:
    kubectl -n {{ .Release.Namespace }} exec deploy/{{ $fullname }}-admin -- python manage.py createsuperuser
{{- end }}
{{- if $v.database.enabled }}
{{- if $v.database.external.enabled }}
Database: external, DATABASE_URL from Secret {{ $v.database.external.secretName }} (key {{ $v.database.external.secretKey }}).
{{- else if $v.database.statefulSet.enabled }}
Database: PostgreSQL StatefulSet {{ include "service-lib.databaseClusterName" . }} (one instance, no operator) behind Service {{ include "service-lib.databaseClusterName" . }}-rw; DATABASE_URL from Secret {{ include "service-lib.databaseClusterName" . }}-app (key uri).
  kubectl -n {{ .Release.Namespace }} get statefulset,pvc -l app.kubernetes.io/name={{ include "service-lib.name" . }},app.kubernetes.io/component=database
{{- else }}
Database: CloudNativePG Cluster {{ include "service-lib.databaseClusterName" . }}; DATABASE_URL from Secret {{ include "service-lib.databaseClusterName" . }}-app (key uri).
  kubectl -n {{ .Release.Namespace }} get cluster {{ include "service-lib.databaseClusterName" . }}
{{- end }}
{{- end }}
{{- if $v.migrations.enabled }}
Migrations run in a Job ({{ $fullname }}-migrate-*); pods stay unready (/readyz) until it has run:
  kubectl -n {{ .Release.Namespace }} logs -l app.kubernetes.io/name={{ include "service-lib.name" . }},app.kubernetes.io/component=migrate
{{- end }}
{{- range $v.cronJobs }}
CronJob {{ $fullname }}-{{ .name }} runs "{{ join " " .command }}" on "{{ .schedule }}"; run it now:
  kubectl -n {{ $.Release.Namespace }} create job --from=cronjob/{{ $fullname }}-{{ .name }} {{ .name }}-manual
{{- end }}
{{- if not $v.secret.create }}
Secret environment ({{ join ", " (concat $v.secret.keys (list)) }}{{ range $v.calls }}{{ if .token }}, {{ .envPrefix }}_TOKEN{{ end }}{{ end }}) is read from Secret {{ include "service-lib.secretName" . }}, which this release does not create.
{{- end }}
{{- if $v.networkPolicy.enabled }}
NetworkPolicies: the namespace is default-deny; see docs/kubernetes.md for the allow matrix.
{{- end }}
{{- end -}}

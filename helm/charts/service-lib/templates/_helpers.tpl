{{/*
Naming. The fullname is the chart name (or fullnameOverride), NOT prefixed with the release name:
other workloads reach a service by its fixed DNS name (PROPERTY_SERVICE_URL=http://property-service:8000),
so one release per chart and namespace is the supported layout.
*/}}
{{- define "service-lib.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service-lib.fullname" -}}
{{- default (include "service-lib.name" .) .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service-lib.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: name, instance and component only. Call with (dict "root" $ "component" "api"). */}}
{{- define "service-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service-lib.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/* Standard labels. Call with (dict "root" $ "component" "api"); component may be empty. */}}
{{- define "service-lib.labels" -}}
{{ include "service-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ include "service-lib.imageTag" .root | trunc 63 | quote }}
app.kubernetes.io/part-of: {{ .root.Values.partOf }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "service-lib.chart" .root }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "service-lib.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag -}}
{{- end -}}

{{/* The container image; refuses the mutable "latest" tag. */}}
{{- define "service-lib.image" -}}
{{- $tag := include "service-lib.imageTag" . -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag must not be \"latest\": pin a version" -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "service-lib.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "service-lib.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret that holds the chart's secret environment (secret.keys, call tokens). */}}
{{- define "service-lib.secretName" -}}
{{- default (printf "%s-env" (include "service-lib.fullname" .)) .Values.secret.name -}}
{{- end -}}

{{/* Name of the CloudNativePG Cluster, or of the database StatefulSet; the Secret is "<name>-app". */}}
{{- define "service-lib.databaseClusterName" -}}
{{- default (printf "%s-db" (include "service-lib.fullname" .)) .Values.database.cnpg.clusterName -}}
{{- end -}}

{{/* True (non-empty) when the chart owns a CloudNativePG Cluster. */}}
{{- define "service-lib.cnpgEnabled" -}}
{{- $d := .Values.database -}}
{{- if and $d.enabled (not $d.external.enabled) (not $d.statefulSet.enabled) }}true{{ end -}}
{{- end -}}

{{/* True (non-empty) when the chart runs its database as a plain PostgreSQL StatefulSet (no operator). */}}
{{- define "service-lib.databaseStatefulSetEnabled" -}}
{{- $d := .Values.database -}}
{{- if and $d.enabled (not $d.external.enabled) $d.statefulSet.enabled }}true{{ end -}}
{{- end -}}

{{/*
metadata.annotations: the Argo CD sync wave (when argocd.syncWaves) plus `extra`; nothing when empty.
Call with (dict "root" $ "wave" "-1" "extra" MAP) and `| nindent 2` under metadata.
*/}}
{{- define "service-lib.annotations" -}}
{{- $a := dict -}}
{{- if and .wave .root.Values.argocd.syncWaves }}{{ $_ := set $a "argocd.argoproj.io/sync-wave" (toString .wave) }}{{ end -}}
{{- with .extra }}{{ $a = merge $a . }}{{ end -}}
{{- if $a -}}
annotations:
  {{- toYaml $a | nindent 2 }}
{{- end -}}
{{- end -}}

{{/* Components that talk to the database (used by the database NetworkPolicy). */}}
{{- define "service-lib.databaseClients" -}}
{{- $c := list .Values.component -}}
{{- if .Values.admin.enabled }}{{ $c = append $c "admin" }}{{ end -}}
{{- if .Values.migrations.enabled }}{{ $c = append $c "migrate" }}{{ end -}}
{{- range .Values.cronJobs }}{{ $c = append $c .name }}{{ end -}}
{{- toJson $c -}}
{{- end -}}

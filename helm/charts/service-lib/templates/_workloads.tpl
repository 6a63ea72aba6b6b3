{{/*
Deployment of one serving component. Call with (dict "root" $ "component" NAME "spec" VALUES
"serviceComponent" "api|admin|"), where VALUES has replicas, resources and autoscaling.
*/}}
{{- define "service-lib.deployment" -}}
{{- $root := .root -}}
{{- $s := .spec -}}
{{- $hpa := and $s.autoscaling $s.autoscaling.enabled -}}
{{- $spread := or (gt (int $s.replicas) 1) (and $hpa (gt (int $s.autoscaling.maxReplicas) 1)) -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" .component) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" $root "wave" "1") | nindent 2 }}
spec:
  {{- if not $hpa }}
  replicas: {{ $s.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "service-lib.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
  template:
    {{- include "service-lib.podTemplate" (dict "root" $root "component" .component "serve" true "spread" $spread "resources" $s.resources "serviceComponent" .serviceComponent) | nindent 4 }}
{{- end -}}

{{/* Service of one serving component. Call with (dict "root" $ "name" NAME "component" C). */}}
{{- define "service-lib.service" -}}
{{- $root := .root -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "service-lib.selectorLabels" (dict "root" $root "component" .component) | nindent 4 }}
  ports:
    - name: http
      port: {{ $root.Values.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* PodDisruptionBudget of one serving component (same call as service-lib.service). */}}
{{- define "service-lib.pdb" -}}
{{- $root := .root -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  {{- if $root.Values.pdb.minAvailable }}
  minAvailable: {{ $root.Values.pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ $root.Values.pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "service-lib.selectorLabels" (dict "root" $root "component" .component) | nindent 6 }}
{{- end -}}

{{/* HorizontalPodAutoscaler (call like service-lib.deployment). */}}
{{- define "service-lib.hpa" -}}
{{- $root := .root -}}
{{- $a := .spec.autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" .component) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" $root "wave" "1") | nindent 2 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .name }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
{{- end -}}

{{/*
Migration Job: `python manage.py migrate --noinput`, ordered after the database and before the
Deployments (see docs/kubernetes.md "Migrations"):
- Argo CD: a Sync hook in wave 0 (the CNPG Cluster is wave -1 and must be Healthy first, the
  Deployments are wave 1), re-created on every sync (BeforeHookCreation).
- plain Helm: an ordinary release resource (no helm.sh/hook, so `helm install --wait` cannot deadlock
  on a Deployment that stays unready until migrated). Jobs are immutable, so the name carries a hash of
  the pod template: any change (image, env) makes a new Job, an unchanged upgrade leaves it alone.
  The Job retries (backoffLimit) until the database accepts connections; the Deployments' readiness
  probe (/readyz: migrations applied) keeps new pods out of the Service until the Job has run.
*/}}
{{- define "service-lib.migrationJob" -}}
{{- $root := . -}}
{{- $m := $root.Values.migrations -}}
{{- $pod := include "service-lib.podTemplate" (dict "root" $root "component" "migrate" "command" $m.command "resources" $m.resources "serviceComponent" "api" "restartPolicy" "Never") -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ printf "%s-migrate-%s" (include "service-lib.fullname" $root) ($pod | sha256sum | trunc 8) }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" "migrate") | nindent 4 }}
  {{- $hook := dict }}
  {{- if $root.Values.argocd.syncWaves }}
  {{- $hook = dict "argocd.argoproj.io/hook" "Sync" "argocd.argoproj.io/hook-delete-policy" "BeforeHookCreation" }}
  {{- end }}
  {{- include "service-lib.annotations" (dict "root" $root "wave" "0" "extra" $hook) | nindent 2 }}
spec:
  backoffLimit: {{ $m.backoffLimit }}
  {{- with $m.activeDeadlineSeconds }}
  activeDeadlineSeconds: {{ . }}
  {{- end }}
  {{- with $m.ttlSecondsAfterFinished }}
  ttlSecondsAfterFinished: {{ . }}
  {{- end }}
  template:
    {{- $pod | nindent 4 }}
{{- end -}}

{{/* One CronJob. Call with (dict "root" $ "job" ITEM-OF-cronJobs). */}}
{{- define "service-lib.cronJob" -}}
{{- $root := .root -}}
{{- $j := .job -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ printf "%s-%s" (include "service-lib.fullname" $root) $j.name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" $j.name) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" $root "wave" "1") | nindent 2 }}
spec:
  schedule: {{ $j.schedule | quote }}
  timeZone: {{ $j.timeZone | default "Etc/UTC" | quote }}
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: {{ $j.startingDeadlineSeconds | default 3600 }}
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3
  {{- if $j.suspend }}
  suspend: true
  {{- end }}
  jobTemplate:
    metadata:
      labels:
        {{- include "service-lib.labels" (dict "root" $root "component" $j.name) | nindent 8 }}
    spec:
      backoffLimit: {{ $j.backoffLimit | default 3 }}
      template:
        {{- include "service-lib.podTemplate" (dict "root" $root "component" $j.name "command" $j.command "resources" (default $root.Values.migrations.resources $j.resources) "serviceComponent" "api" "restartPolicy" "Never") | nindent 8 }}
{{- end -}}

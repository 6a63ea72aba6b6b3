{{/* ConfigMap with the plain (non-secret) environment, loaded by every container via envFrom. */}}
{{- define "service-lib.configMap" -}}
{{- $v := .Values -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "service-lib.fullname" . }}
  labels:
    {{- include "service-lib.labels" (dict "root" .) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1") | nindent 2 }}
data:
  OTEL_SERVICE_NAME: {{ default (include "service-lib.fullname" .) $v.otel.serviceName | quote }}
  OTEL_EXPORTER_OTLP_ENDPOINT: {{ $v.otel.endpoint | quote }}
  {{- if $v.gunicorn.enabled }}
  GUNICORN_WORKERS: {{ $v.gunicorn.workers | quote }}
  GUNICORN_THREADS: {{ $v.gunicorn.threads | quote }}
  GUNICORN_GRACEFUL_TIMEOUT: {{ $v.shutdown.gracefulTimeoutSeconds | quote }}
  {{- end }}
  {{- if $v.persistence.enabled }}
  MEDIA_ROOT: {{ $v.persistence.mountPath | quote }}
  {{- end }}
  {{- range $v.calls }}
  {{ .envPrefix }}_URL: {{ printf "http://%s:%d" .name (int .port) | quote }}
  {{- end }}
  {{- range $k, $val := $v.env }}
  {{- if not (kindIs "invalid" $val) }}
  {{ $k }}: {{ tpl (toString $val) $ | quote }}
  {{- end }}
  {{- end }}
{{- end -}}

{{/*
Secret with the secret environment. Only rendered when secret.create is true (local/dev clusters);
elsewhere the Secret named by secret.name is provided by the platform (External Secrets, Sealed Secrets...).
*/}}
{{- define "service-lib.secret" -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "service-lib.secretName" . }}
  labels:
    {{- include "service-lib.labels" (dict "root" .) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1") | nindent 2 }}
type: Opaque
stringData:
  {{- range $k, $val := .Values.secret.data }}
  {{ $k }}: {{ $val | quote }}
  {{- end }}
{{- end -}}

{{- define "service-lib.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "service-lib.serviceAccountName" . }}
  labels:
    {{- include "service-lib.labels" (dict "root" .) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1" "extra" .Values.serviceAccount.annotations) | nindent 2 }}
automountServiceAccountToken: false
{{- end -}}

{{- define "service-lib.pvc" -}}
{{- $p := .Values.persistence -}}
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {{ include "service-lib.fullname" . }}-data
  labels:
    {{- include "service-lib.labels" (dict "root" .) | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1" "extra" (dict "helm.sh/resource-policy" "keep")) | nindent 2 }}
spec:
  accessModes:
    {{- toYaml $p.accessModes | nindent 4 }}
  {{- with $p.storageClass }}
  storageClassName: {{ . }}
  {{- end }}
  resources:
    requests:
      storage: {{ $p.size }}
{{- end -}}

{{/*
CloudNativePG Cluster for the service's own database. The operator generates the Secret
"<cluster>-app" whose key "uri" becomes DATABASE_URL.
*/}}
{{- define "service-lib.databaseCluster" -}}
{{- $c := .Values.database.cnpg -}}
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: {{ include "service-lib.databaseClusterName" . }}
  labels:
    {{- include "service-lib.labels" (dict "root" . "component" "database") | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1") | nindent 2 }}
spec:
  instances: {{ $c.instances }}
  {{- with $c.imageName }}
  imageName: {{ . }}
  {{- end }}
  primaryUpdateStrategy: unsupervised
  enableSuperuserAccess: false
  enablePDB: {{ gt (int $c.instances) 1 }}
  bootstrap:
    initdb:
      database: {{ $c.database }}
      owner: {{ $c.owner }}
  storage:
    size: {{ $c.storage.size }}
    {{- with $c.storage.storageClass }}
    storageClass: {{ . }}
    {{- end }}
  {{- with $c.postgresql }}
  postgresql:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  resources:
    {{- toYaml $c.resources | nindent 4 }}
  inheritedMetadata:
    labels:
      app.kubernetes.io/part-of: {{ .Values.partOf }}
  {{- if gt (int $c.instances) 1 }}
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          cnpg.io/cluster: {{ include "service-lib.databaseClusterName" . }}
  {{- end }}
{{- end -}}

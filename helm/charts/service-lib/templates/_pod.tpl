{{/*
Pod template spec shared by the API Deployment, the admin Deployment, the migration Job and CronJobs.
Parameters (dict):
  root             the chart's top-level context ($)
  component        app.kubernetes.io/component of the pod
  command          optional container command (list); empty = the image's default (gunicorn / node)
  serve            true for long-running HTTP servers: ports, probes, preStop pause, grace period
  spread           true to add topology spread constraints (replicas > 1)
  resources        container resources
  serviceComponent value of SERVICE_COMPONENT (api|admin), empty for none
  restartPolicy    optional (Jobs)
*/}}
{{- define "service-lib.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
metadata:
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" .component) | nindent 4 }}
    {{- with $v.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include "service-lib.configMap" $root | sha256sum }}
    {{- if $v.secret.create }}
    checksum/secret: {{ include "service-lib.secret" $root | sha256sum }}
    {{- end }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "service-lib.serviceAccountName" $root }}
  automountServiceAccountToken: false
  enableServiceLinks: false
  {{- with .restartPolicy }}
  restartPolicy: {{ . }}
  {{- end }}
  {{- if .serve }}
  terminationGracePeriodSeconds: {{ add $v.shutdown.gracefulTimeoutSeconds $v.shutdown.preStopSleepSeconds $v.shutdown.marginSeconds }}
  {{- end }}
  securityContext:
    {{- toYaml $v.podSecurityContext | nindent 4 }}
  {{- with $v.image.pullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - name: {{ . }}
    {{- end }}
  {{- end }}
  {{- with $v.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if .spread }}
  topologySpreadConstraints:
    {{- range $v.topologySpread.topologyKeys }}
    - maxSkew: {{ $v.topologySpread.maxSkew }}
      topologyKey: {{ . }}
      whenUnsatisfiable: {{ $v.topologySpread.whenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- include "service-lib.selectorLabels" (dict "root" $root "component" $.component) | nindent 10 }}
      matchLabelKeys: [pod-template-hash]
    {{- end }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "service-lib.image" $root | quote }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      {{- with .command }}
      command:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .serve }}
      ports:
        - name: http
          containerPort: {{ $v.containerPort }}
          protocol: TCP
      {{- end }}
      envFrom:
        - configMapRef:
            name: {{ include "service-lib.fullname" $root }}
      {{- $env := include "service-lib.containerEnv" . | trim }}
      {{- if $env }}
      env:
        {{- $env | nindent 8 }}
      {{- end }}
      resources:
        {{- toYaml .resources | nindent 8 }}
      securityContext:
        {{- toYaml $v.containerSecurityContext | nindent 8 }}
      {{- if .serve }}
      {{- $p := $v.probes }}
      {{- range $kind := list "startup" "liveness" "readiness" }}
      {{- $probe := index $p $kind }}
      {{ $kind }}Probe:
        httpGet:
          path: {{ $probe.path }}
          port: http
          {{- with $p.hostHeader }}
          httpHeaders:
            - name: Host
              value: {{ . | quote }}
          {{- end }}
        periodSeconds: {{ $probe.periodSeconds }}
        timeoutSeconds: {{ $probe.timeoutSeconds }}
        failureThreshold: {{ $probe.failureThreshold }}
      {{- end }}
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "{{ $v.shutdown.preStopSleepSeconds }}"]
      {{- end }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- range $i, $path := $v.writablePaths }}
        - name: writable-{{ $i }}
          mountPath: {{ $path }}
        {{- end }}
        {{- if and .serve $v.persistence.enabled }}
        - name: data
          mountPath: {{ $v.persistence.mountPath }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ $v.tmpSizeLimit }}
    {{- range $i, $path := $v.writablePaths }}
    - name: writable-{{ $i }}
      emptyDir:
        sizeLimit: {{ $v.tmpSizeLimit }}
    {{- end }}
    {{- if and .serve $v.persistence.enabled }}
    - name: data
      persistentVolumeClaim:
        claimName: {{ default (printf "%s-data" (include "service-lib.fullname" $root)) $v.persistence.existingClaim }}
    {{- end }}
{{- end -}}

{{/* The env entries of a container (a YAML list, possibly empty). Same parameters as podTemplate. */}}
{{- define "service-lib.containerEnv" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- with .serviceComponent }}
- name: SERVICE_COMPONENT
  value: {{ . | quote }}
{{- end }}
{{- if $v.database.enabled }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      {{- if $v.database.external.enabled }}
      name: {{ required "database.external.secretName is required when database.external.enabled" $v.database.external.secretName }}
      key: {{ $v.database.external.secretKey }}
      {{- else }}
      name: {{ include "service-lib.databaseClusterName" $root }}-app
      key: uri
      {{- end }}
{{- end }}
{{- range $v.secret.keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "service-lib.secretName" $root }}
      key: {{ . }}
{{- end }}
{{- range $v.calls }}
{{- if .token }}
- name: {{ .envPrefix }}_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "service-lib.secretName" $root }}
      key: {{ .envPrefix }}_TOKEN
{{- end }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

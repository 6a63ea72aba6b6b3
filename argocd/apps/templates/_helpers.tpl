{{/*
Parts every Application of this chart shares. Each Application lives in Argo CD's namespace (the
namespace this chart is rendered into) and belongs to the one project.
*/}}

{{/* metadata of a child Application. Call with (dict "root" $ "name" NAME "wave" WAVE). */}}
{{- define "apps.metadata" -}}
name: {{ .name }}
namespace: {{ .root.Release.Namespace }}
labels:
  app.kubernetes.io/part-of: property-platform
annotations:
  argocd.argoproj.io/sync-wave: {{ .wave | quote }}
# Deleting the Application (e.g. removing it from values.yaml) deletes what it deployed.
finalizers:
  - resources-finalizer.argocd.argoproj.io
{{- end -}}

{{/* destination of an Application. Call with the namespace. */}}
{{- define "apps.destination" -}}
server: https://kubernetes.default.svc
namespace: {{ . }}
{{- end -}}

{{/* syncPolicy: automated with prune and self-heal. Call with (dict "serverSideApply" BOOL "respectIgnoreDifferences" BOOL "createNamespace" BOOL). */}}
{{- define "apps.syncPolicy" -}}
automated:
  prune: true
  selfHeal: true
syncOptions:
  {{- if .createNamespace }}
  - CreateNamespace=true
  {{- end }}
  {{- if .serverSideApply }}
  - ServerSideApply=true
  {{- end }}
  {{- if .respectIgnoreDifferences }}
  - RespectIgnoreDifferences=true
  {{- end }}
  - PruneLast=true
# A dependency of an earlier wave may still be starting: retry instead of failing the sync.
retry:
  limit: 10
  backoff:
    duration: 10s
    factor: 2
    maxDuration: 3m
{{- end -}}

{{/* This repository as a source field set (repoURL + targetRevision). */}}
{{- define "apps.repo" -}}
repoURL: {{ required "repoURL is required: the URL Argo CD clones this repository from" .Values.repoURL }}
targetRevision: {{ .Values.targetRevision | quote }}
{{- end -}}

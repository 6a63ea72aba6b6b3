{{/*
Traefik (traefik.io/v1alpha1). Middlewares come from `middlewares` (name -> Middleware spec, rendered as
"<fullname>-<name>"); routes reference them by that short name. ingressRoute.defaultMiddlewares apply to
every route of the chart (main host and admin host), route.middlewares are added per route.
*/}}
{{- define "service-lib.middlewares" -}}
{{- $root := . -}}
{{- range $name, $spec := .Values.middlewares }}
{{- if $spec }}
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: {{ include "service-lib.fullname" $root }}-{{ $name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root) | nindent 4 }}
spec:
  {{- toYaml $spec | nindent 2 }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "service-lib.middlewareRefs" -}}
{{- $root := .root -}}
{{- $names := concat $root.Values.ingressRoute.defaultMiddlewares (default (list) .extra) | uniq -}}
{{- range $names }}
{{- if not (hasKey $root.Values.middlewares .) }}
{{- fail (printf "route middleware %q is not defined in .Values.middlewares" .) }}
{{- end }}
- name: {{ include "service-lib.fullname" $root }}-{{ . }}
{{- end }}
{{- end -}}

{{/* Call with (dict "root" $ "name" N "component" C "hosts" LIST "routes" LIST). A route: pathPrefix,
service (empty = this chart's Service), port, middlewares, priority. */}}
{{- define "service-lib.ingressRoute" -}}
{{- $root := .root -}}
{{- $ir := $root.Values.ingressRoute -}}
{{- $hostMatch := list -}}
{{- range .hosts }}{{ $hostMatch = append $hostMatch (printf "Host(`%s`)" .) }}{{ end -}}
{{- $hosts := join " || " $hostMatch -}}
{{- if gt (len .hosts) 1 }}{{ $hosts = printf "(%s)" $hosts }}{{ end -}}
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: {{ .name }}
  labels:
    {{- include "service-lib.labels" (dict "root" $root "component" .component) | nindent 4 }}
spec:
  entryPoints:
    {{- toYaml $ir.entryPoints | nindent 4 }}
  routes:
    {{- range .routes }}
    {{- $prefix := default "/" .pathPrefix }}
    - kind: Rule
      match: {{ if eq $prefix "/" }}{{ $hosts | quote }}{{ else }}{{ printf "%s && PathPrefix(`%s`)" $hosts $prefix | quote }}{{ end }}
      {{- with .priority }}
      priority: {{ . }}
      {{- end }}
      {{- $refs := include "service-lib.middlewareRefs" (dict "root" $root "extra" .middlewares) }}
      {{- if $refs }}
      middlewares:
        {{- $refs | trim | nindent 8 }}
      {{- end }}
      services:
        - kind: Service
          name: {{ default $.defaultService .service }}
          port: {{ default $root.Values.service.port .port }}
    {{- end }}
  {{- if $ir.tls.enabled }}
  tls:
    {{- with $ir.tls.secretName }}
    secretName: {{ . }}
    {{- end }}
    {{- with $ir.tls.certResolver }}
    certResolver: {{ . }}
    {{- end }}
  {{- end }}
{{- end -}}

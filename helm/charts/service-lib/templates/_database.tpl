{{/*
The database as a plain single-instance PostgreSQL StatefulSet (database.statefulSet.enabled), for
clusters without the CloudNativePG operator (the local native cluster, tools/cluster). It mimics the
names CNPG would give, so that the pods' DATABASE_URL reference (Secret "<cluster>-app", key uri) and
its host ("<cluster>-rw") are the same in both modes:
  StatefulSet "<cluster>"      one instance, volumeClaimTemplate "data", PGDATA <mount>/pgdata
  Service     "<cluster>-rw"   ClusterIP 5432
  Secret      "<cluster>-app"  keys uri and password; the password is read back with lookup when the
                               Secret exists (upgrades keep it), else random; kept on uninstall
where <cluster> is service-lib.databaseClusterName ("<fullname>-db"). No replication, no operator, no
API server access: its NetworkPolicy allows the chart's database clients in and nothing out.
*/}}

{{/* The pg_isready command of the probes. */}}
{{- define "service-lib.databaseReadyCommand" -}}
{{- $c := .Values.database.cnpg -}}
{{- toJson (list "pg_isready" "-h" "127.0.0.1" "-U" $c.owner "-d" $c.database) -}}
{{- end -}}

{{- define "service-lib.databaseSecret" -}}
{{- $c := .Values.database.cnpg -}}
{{- $cluster := include "service-lib.databaseClusterName" . -}}
{{- $secretName := printf "%s-app" $cluster -}}
{{- $existing := lookup "v1" "Secret" .Release.Namespace $secretName -}}
{{- $data := (default (dict) (get (default (dict) $existing) "data")) -}}
{{- $password := "" -}}
{{- if hasKey $data "password" -}}
{{- $password = index $data "password" | b64dec -}}
{{- else -}}
{{- $password = randAlphaNum 32 -}}
{{- end -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ $secretName }}
  labels:
    {{- include "service-lib.labels" (dict "root" . "component" "database") | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1" "extra" (dict "helm.sh/resource-policy" "keep")) | nindent 2 }}
type: Opaque
data:
  password: {{ $password | b64enc | quote }}
  uri: {{ printf "postgresql://%s:%s@%s-rw:5432/%s" $c.owner $password $cluster $c.database | b64enc | quote }}
{{- end -}}

{{- define "service-lib.databaseService" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "service-lib.databaseClusterName" . }}-rw
  labels:
    {{- include "service-lib.labels" (dict "root" . "component" "database") | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1") | nindent 2 }}
spec:
  type: ClusterIP
  selector:
    {{- include "service-lib.selectorLabels" (dict "root" . "component" "database") | nindent 4 }}
  ports:
    - name: postgresql
      port: 5432
      targetPort: postgresql
      protocol: TCP
{{- end -}}

{{- define "service-lib.databaseStatefulSet" -}}
{{- $v := .Values -}}
{{- $c := $v.database.cnpg -}}
{{- $s := $v.database.statefulSet -}}
{{- $cluster := include "service-lib.databaseClusterName" . -}}
{{- if eq (toString $s.image.tag) "latest" -}}
{{- fail "database.statefulSet.image.tag must not be \"latest\": pin a version" -}}
{{- end -}}
{{- $ready := include "service-lib.databaseReadyCommand" . -}}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $cluster }}
  labels:
    {{- include "service-lib.labels" (dict "root" . "component" "database") | nindent 4 }}
  {{- include "service-lib.annotations" (dict "root" . "wave" "-1") | nindent 2 }}
spec:
  replicas: 1
  serviceName: {{ $cluster }}-rw
  revisionHistoryLimit: 5
  podManagementPolicy: OrderedReady
  updateStrategy:
    type: RollingUpdate
  persistentVolumeClaimRetentionPolicy:
    whenDeleted: Retain
    whenScaled: Retain
  selector:
    matchLabels:
      {{- include "service-lib.selectorLabels" (dict "root" . "component" "database") | nindent 6 }}
  template:
    metadata:
      # Not the version and chart labels of service-lib.labels: a new release of the service must not
      # restart its database.
      labels:
        {{- include "service-lib.selectorLabels" (dict "root" . "component" "database") | nindent 8 }}
        app.kubernetes.io/part-of: {{ $v.partOf }}
        {{- with $v.commonLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $v.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "service-lib.serviceAccountName" . }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      # preStop stops PostgreSQL with a fast shutdown (SIGTERM alone is a "smart" shutdown, which waits
      # for the clients' pooled connections to close); 50 s for it, then SIGKILL.
      terminationGracePeriodSeconds: 60
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ $s.runAsUser }}
        runAsGroup: {{ $s.fsGroup }}
        fsGroup: {{ $s.fsGroup }}
        fsGroupChangePolicy: OnRootMismatch
        seccompProfile:
          type: RuntimeDefault
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
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: postgres
          image: {{ printf "%s:%s" $s.image.repository (toString $s.image.tag) | quote }}
          imagePullPolicy: {{ $s.image.pullPolicy }}
          ports:
            - name: postgresql
              containerPort: 5432
              protocol: TCP
          env:
            - name: POSTGRES_USER
              value: {{ $c.owner | quote }}
            - name: POSTGRES_DB
              value: {{ $c.database | quote }}
            - name: POSTGRES_PASSWORD_FILE
              value: /etc/postgresql-secret/password
            # A subdirectory of the volume: initdb creates it with mode 0700 even when the volume's
            # root is not owned by postgres.
            - name: PGDATA
              value: /var/lib/postgresql/data/pgdata
          resources:
            {{- toYaml $s.resources | nindent 12 }}
          securityContext:
            runAsNonRoot: true
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            privileged: false
            capabilities:
              drop: [ALL]
            seccompProfile:
              type: RuntimeDefault
          # initdb on the first start: up to 10 minutes.
          startupProbe:
            exec:
              command: {{ $ready }}
            periodSeconds: 5
            timeoutSeconds: 5
            failureThreshold: 120
          livenessProbe:
            exec:
              command: {{ $ready }}
            periodSeconds: 10
            timeoutSeconds: 5
            failureThreshold: 6
          readinessProbe:
            exec:
              command: {{ $ready }}
            periodSeconds: 5
            timeoutSeconds: 5
            failureThreshold: 3
          lifecycle:
            preStop:
              exec:
                command: ["pg_ctl", "stop", "-m", "fast", "-w", "-t", "50"]
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
            - name: password
              mountPath: /etc/postgresql-secret
              readOnly: true
            - name: tmp
              mountPath: /tmp
            - name: run
              mountPath: /var/run/postgresql
      volumes:
        - name: password
          secret:
            secretName: {{ $cluster }}-app
            items:
              - key: password
                path: password
            defaultMode: 0440
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpSizeLimit }}
        - name: run
          emptyDir:
            sizeLimit: {{ $v.tmpSizeLimit }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "service-lib.selectorLabels" (dict "root" . "component" "database") | nindent 10 }}
      spec:
        accessModes: [ReadWriteOnce]
        {{- with $s.storage.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $s.storage.size }}
{{- end -}}

{{/* Names, labels and small derived values. */}}

{{- define "launchpad.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-launchpad, or <release> when the release name already has it. */}}
{{- define "launchpad.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "launchpad.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selects the portal pods only (not the database's). */}}
{{- define "launchpad.selectorLabels" -}}
app.kubernetes.io/name: {{ include "launchpad.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: portal
{{- end -}}

{{- define "launchpad.labels" -}}
helm.sh/chart: {{ include "launchpad.chart" . }}
{{ include "launchpad.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: launchpad
{{- end -}}

{{- define "launchpad.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "launchpad.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The CloudNativePG Cluster's name; the operator derives <name>-rw, <name>-app, <name>-ca. */}}
{{- define "launchpad.cnpgName" -}}
{{- printf "%s-db" (include "launchpad.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "launchpad.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion (toString .Values.image.tag)) -}}
{{- end -}}
{{- end -}}

{{/* Host (and port) of publicUrl; publicUrl is checked by launchpad.validate. */}}
{{- define "launchpad.publicHost" -}}
{{- (urlParse .Values.publicUrl).hostname -}}
{{- end -}}

{{/* publicUrl without a trailing slash. */}}
{{- define "launchpad.baseUrl" -}}
{{- trimSuffix "/" .Values.publicUrl -}}
{{- end -}}

{{/* Environment variable holding a cluster's token: K8S_TOKEN_<NAME>. */}}
{{- define "launchpad.clusterTokenEnv" -}}
{{- printf "K8S_TOKEN_%s" (. | upper | replace "-" "_") -}}
{{- end -}}

{{/* Name and key of the Secret holding the Postgres CA ("" when the system CAs are used). */}}
{{- define "launchpad.postgresCaSecret" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
{{- printf "%s-ca" (include "launchpad.cnpgName" .) -}}
{{- else if and .Values.postgresql.external.ssl.enabled .Values.postgresql.external.ssl.caSecret.name -}}
{{- .Values.postgresql.external.ssl.caSecret.name -}}
{{- end -}}
{{- end -}}

{{- define "launchpad.postgresCaKey" -}}
{{- if .Values.postgresql.cnpg.enabled -}}
ca.crt
{{- else -}}
{{- .Values.postgresql.external.ssl.caSecret.key -}}
{{- end -}}
{{- end -}}

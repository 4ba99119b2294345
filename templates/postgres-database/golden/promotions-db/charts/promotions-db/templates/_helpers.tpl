{{/*
The cluster is named after the chart (the database's name): CloudNativePG
derives the names the consumer relies on from it, the <name>-rw Service and
the <name>-app Secret.
*/}}
{{- define "database.name" -}}
{{- .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "database.labels" -}}
app.kubernetes.io/name: {{ include "database.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: database
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
backstage.io/kubernetes-id: {{ include "database.name" . }}
{{- end -}}

{{/* The Barman Cloud ObjectStore the cluster archives to. */}}
{{- define "database.objectStoreName" -}}
{{- include "database.name" . }}-backups
{{- end -}}

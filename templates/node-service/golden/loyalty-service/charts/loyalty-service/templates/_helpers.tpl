{{/*
Names and labels shared by every object of the chart. The chart is named after
the service, and Argo CD installs it with the service's name as release name,
so objects are called exactly like the service in each namespace.
*/}}

{{- define "service.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "service.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Stable for the life of a Deployment: never add anything that can change. */}}
{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/*
backstage.io/kubernetes-id is what the portal's Kubernetes tab selects on; it
must equal the annotation in catalog-info.yaml.
*/}}
{{- define "service.labels" -}}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
backstage.io/kubernetes-id: {{ include "service.name" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ include "service.fullname" . }}
{{- else -}}
{{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{/*
"true" once CI has written a digest for this environment, "" before. Until
then the chart renders no workload (no Deployment, HPA or PDB): there is no
tag to fall back to, so a fresh service never runs a made-up or missing image.
A digest that is not sha256:<64 hex> fails the render (a tag or a typo there
would bypass the signed chain).
*/}}
{{- define "service.hasImage" -}}
{{- with .Values.image.digest -}}
{{- if not (regexMatch "^sha256:[a-f0-9]{64}$" .) -}}
{{- fail (printf "image.digest must be sha256:<64 lowercase hex> (written by CI), not %q" .) -}}
{{- end -}}
true
{{- end -}}
{{- end -}}

{{/* repository@digest: the exact bytes CI built, scanned, signed and attested. */}}
{{- define "service.image" -}}
{{- $repository := required "image.repository is required" .Values.image.repository -}}
{{ $repository }}@{{ required "image.digest is required" .Values.image.digest }}
{{- end -}}

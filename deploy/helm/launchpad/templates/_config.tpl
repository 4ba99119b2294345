{{/*
launchpad.appConfig: the content of /config/app-config.extra.yaml, loaded
after the image's app-config.yaml and app-config.production.yaml. What the
chart knows (database, git host folder, sign-in providers, clusters) is
generated here; .Values.appConfig is merged over it. Secrets appear only as
${ENV_NAME} references; the Deployment sets those variables from Secrets.
*/}}
{{- define "launchpad.generatedConfig" -}}
backend:
  listen:
    port: {{ .Values.containerPort }}
  # Golden-path tasks check out and render here (an emptyDir).
  workingDirectory: /workspace
  database:
    client: pg
    pluginDivisionMode: {{ .Values.postgresql.pluginDivisionMode }}
    connection:
      host: ${POSTGRES_HOST}
      port: ${POSTGRES_PORT}
      user: ${POSTGRES_USER}
      password: ${POSTGRES_PASSWORD}
      database: ${POSTGRES_DB}
      {{- if or .Values.postgresql.cnpg.enabled .Values.postgresql.external.ssl.enabled }}
      ssl:
        {{- if .Values.postgresql.cnpg.enabled }}
        rejectUnauthorized: true
        {{- else }}
        rejectUnauthorized: {{ .Values.postgresql.external.ssl.rejectUnauthorized }}
        {{- end }}
        {{- if include "launchpad.postgresCaSecret" . }}
        # PEM text from the CA Secret (only its certificate key, never a CA key)
        ca: ${POSTGRES_CA}
        {{- end }}
      {{- else }}
      ssl: false
      {{- end }}
gitHosting:
  root: {{ .Values.gitHost.root }}
auth:
  {{- if .Values.auth.session.existingSecret }}
  session:
    secret: ${AUTH_SESSION_SECRET}
  {{- end }}
  providers:
    {{- if not .Values.auth.oidc.enabled }}
    # app-config.production.yaml configures OIDC from OIDC_* variables: off here.
    oidc: null
    {{- else }}
    oidc:
      production:
        title: ${OIDC_TITLE}
        metadataUrl: ${OIDC_METADATA_URL}
        clientId: ${OIDC_CLIENT_ID}
        clientSecret: ${OIDC_CLIENT_SECRET}
        prompt: auto
    {{- end }}
    {{- if .Values.auth.github.enabled }}
    github:
      production:
        clientId: ${AUTH_GITHUB_CLIENT_ID}
        clientSecret: ${AUTH_GITHUB_CLIENT_SECRET}
        {{- with .Values.auth.github.enterpriseInstanceUrl }}
        enterpriseInstanceUrl: {{ . | quote }}
        {{- end }}
    {{- end }}
{{- with .Values.kubernetes.clusters }}
kubernetes:
  clusterLocatorMethods:
    - type: config
      clusters:
        {{- range . }}
        - name: {{ .name }}
          environment: {{ .environment }}
          url: {{ .url | quote }}
          authProvider: serviceAccount
          serviceAccountToken: ${ {{- include "launchpad.clusterTokenEnv" .name -}} }
          {{- if .caSecret }}
          caFile: /etc/launchpad/clusters/{{ .name }}/ca.crt
          {{- end }}
        {{- end }}
{{- end }}
{{- end -}}

{{- define "launchpad.appConfig" -}}
{{- $generated := include "launchpad.generatedConfig" . | fromYaml -}}
{{- if hasKey $generated "Error" -}}
{{- fail (printf "internal error: the generated app-config is not YAML: %s" $generated.Error) -}}
{{- end -}}
{{- $merged := mustMergeOverwrite (deepCopy $generated) (deepCopy (default (dict) .Values.appConfig)) -}}
{{- toYaml $merged -}}
{{- end -}}

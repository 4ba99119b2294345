{{/*
launchpad.validate: refuses values that would give a broken or unsafe
release, each with a message naming the value and what to do. Called once
from deployment.yaml (a fail anywhere stops the whole render).
*/}}
{{- define "launchpad.validate" -}}
{{- $v := .Values -}}

{{- /* unknown settings: a typo would otherwise be ignored without a word */ -}}
{{- include "launchpad.checkKeys" (list "" $v (list "global" "publicUrl" "replicaCount" "image" "imagePullSecrets" "workingDir" "command" "args" "containerPort" "service" "ingress" "gateway" "serviceAccount" "podAnnotations" "podLabels" "resources" "podSecurityContext" "containerSecurityContext" "startupProbe" "readinessProbe" "livenessProbe" "terminationGracePeriodSeconds" "preStopSleepSeconds" "strategy" "pdb" "podSpread" "topologySpreadConstraints" "affinity" "nodeSelector" "tolerations" "priorityClassName" "postgresql" "auth" "kubernetes" "gitHost" "workspaceSizeLimit" "tmpSizeLimit" "appConfig" "extraEnv" "extraSecretEnv" "extraVolumes" "extraVolumeMounts")) -}}
{{- include "launchpad.checkKeys" (list "image." $v.image (list "repository" "tag" "digest" "pullPolicy")) -}}
{{- include "launchpad.checkKeys" (list "service." $v.service (list "type" "port" "annotations")) -}}
{{- include "launchpad.checkKeys" (list "ingress." $v.ingress (list "enabled" "className" "annotations" "host" "tls")) -}}
{{- include "launchpad.checkKeys" (list "ingress.tls." $v.ingress.tls (list "secretName")) -}}
{{- include "launchpad.checkKeys" (list "gateway." $v.gateway (list "enabled" "parentRefs" "hostnames" "annotations")) -}}
{{- range $i, $ref := $v.gateway.parentRefs -}}
{{- include "launchpad.checkKeys" (list (printf "gateway.parentRefs[%d]." $i) $ref (list "name" "namespace" "sectionName")) -}}
{{- end -}}
{{- include "launchpad.checkKeys" (list "serviceAccount." $v.serviceAccount (list "create" "name" "annotations" "automountToken")) -}}
{{- include "launchpad.checkKeys" (list "pdb." $v.pdb (list "enabled" "maxUnavailable" "minAvailable")) -}}
{{- include "launchpad.checkKeys" (list "podSpread." $v.podSpread (list "enabled" "whenUnsatisfiable")) -}}
{{- include "launchpad.checkKeys" (list "postgresql." $v.postgresql (list "pluginDivisionMode" "cnpg" "external")) -}}
{{- include "launchpad.checkKeys" (list "postgresql.cnpg." $v.postgresql.cnpg (list "enabled" "instances" "imageName" "database" "owner" "storage" "resources" "parameters" "backup")) -}}
{{- include "launchpad.checkKeys" (list "postgresql.cnpg.storage." $v.postgresql.cnpg.storage (list "size" "storageClass")) -}}
{{- include "launchpad.checkKeys" (list "postgresql.external." $v.postgresql.external (list "host" "port" "database" "existingSecret" "usernameKey" "passwordKey" "ssl")) -}}
{{- include "launchpad.checkKeys" (list "postgresql.external.ssl." $v.postgresql.external.ssl (list "enabled" "rejectUnauthorized" "caSecret")) -}}
{{- include "launchpad.checkKeys" (list "postgresql.external.ssl.caSecret." $v.postgresql.external.ssl.caSecret (list "name" "key")) -}}
{{- include "launchpad.checkKeys" (list "auth." $v.auth (list "session" "oidc" "github")) -}}
{{- include "launchpad.checkKeys" (list "auth.session." $v.auth.session (list "existingSecret" "key")) -}}
{{- include "launchpad.checkKeys" (list "auth.oidc." $v.auth.oidc (list "enabled" "title" "metadataUrl" "existingSecret" "clientIdKey" "clientSecretKey")) -}}
{{- include "launchpad.checkKeys" (list "auth.github." $v.auth.github (list "enabled" "enterpriseInstanceUrl" "existingSecret" "clientIdKey" "clientSecretKey")) -}}
{{- include "launchpad.checkKeys" (list "kubernetes." $v.kubernetes (list "clusters")) -}}
{{- range $i, $c := $v.kubernetes.clusters -}}
{{- include "launchpad.checkKeys" (list (printf "kubernetes.clusters[%d]." $i) $c (list "name" "environment" "url" "tokenSecret" "caSecret")) -}}
{{- range $ref := list "tokenSecret" "caSecret" -}}
{{- if index $c $ref -}}
{{- include "launchpad.checkKeys" (list (printf "kubernetes.clusters[%d].%s." $i $ref) (index $c $ref) (list "name" "key")) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- include "launchpad.checkKeys" (list "gitHost." $v.gitHost (list "root" "persistence")) -}}
{{- include "launchpad.checkKeys" (list "gitHost.persistence." $v.gitHost.persistence (list "existingClaim")) -}}
{{- range $i, $e := $v.extraEnv -}}
{{- include "launchpad.checkKeys" (list (printf "extraEnv[%d]." $i) $e (list "name" "value" "valueFrom")) -}}
{{- end -}}
{{- range $i, $e := $v.extraSecretEnv -}}
{{- include "launchpad.checkKeys" (list (printf "extraSecretEnv[%d]." $i) $e (list "name" "secretName" "key" "optional")) -}}
{{- end -}}
{{- range $item := list (list "image.pullPolicy" $v.image.pullPolicy (list "Always" "IfNotPresent" "Never")) (list "service.type" $v.service.type (list "ClusterIP" "NodePort" "LoadBalancer")) (list "podSpread.whenUnsatisfiable" $v.podSpread.whenUnsatisfiable (list "ScheduleAnyway" "DoNotSchedule")) -}}
{{- if not (has (index $item 1) (index $item 2)) -}}
{{- fail (printf "%s must be one of %s (got %v)" (index $item 0) (join ", " (index $item 2)) (index $item 1)) -}}
{{- end -}}
{{- end -}}

{{- /* public URL */ -}}
{{- if not $v.publicUrl -}}
{{- fail "publicUrl is required: the URL people open the portal at, e.g. https://portal.example.com" -}}
{{- end -}}
{{- if not (kindIs "string" $v.publicUrl) -}}
{{- fail (printf "publicUrl must be a string, e.g. https://portal.example.com (got %v)" $v.publicUrl) -}}
{{- end -}}
{{- if not (regexMatch "^https?://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?/?$" $v.publicUrl) -}}
{{- fail (printf "publicUrl must be http(s)://host[:port] with a lowercase host name and no path, query, fragment or credentials (got %q)" $v.publicUrl) -}}
{{- end -}}

{{- /* replicas and the disruption budget */ -}}
{{- include "launchpad.requireInt" (list "replicaCount" $v.replicaCount 0) -}}
{{- $replicas := int64 $v.replicaCount -}}
{{- if $v.pdb.enabled -}}
{{- if lt $replicas 1 -}}
{{- fail (printf "pdb.enabled is true but replicaCount is %d: a PodDisruptionBudget needs at least one replica (set pdb.enabled=false to run no pods)" $replicas) -}}
{{- end -}}
{{- $hasMax := not (kindIs "invalid" $v.pdb.maxUnavailable) -}}
{{- $hasMin := not (kindIs "invalid" $v.pdb.minAvailable) -}}
{{- if eq $hasMax $hasMin -}}
{{- fail "set exactly one of pdb.maxUnavailable and pdb.minAvailable (null the other)" -}}
{{- end -}}
{{- if and $hasMax (not (kindIs "string" $v.pdb.maxUnavailable)) -}}
{{- include "launchpad.requireInt" (list "pdb.maxUnavailable" $v.pdb.maxUnavailable 0) -}}
{{- if lt (int64 $v.pdb.maxUnavailable) 1 -}}
{{- fail "pdb.maxUnavailable must be at least 1: 0 blocks every node drain" -}}
{{- end -}}
{{- end -}}
{{- if and $hasMin (not (kindIs "string" $v.pdb.minAvailable)) -}}
{{- include "launchpad.requireInt" (list "pdb.minAvailable" $v.pdb.minAvailable 0) -}}
{{- if ge (int64 $v.pdb.minAvailable) $replicas -}}
{{- fail (printf "pdb.minAvailable (%d) must be less than replicaCount (%d): otherwise no pod may ever be evicted and node drains block" (int64 $v.pdb.minAvailable) $replicas) -}}
{{- end -}}
{{- end -}}
{{- range $field := list "maxUnavailable" "minAvailable" -}}
{{- $x := index $v.pdb $field -}}
{{- if and (kindIs "string" $x) (not (regexMatch "^[0-9]{1,3}%$" $x)) -}}
{{- fail (printf "pdb.%s must be a number or a percentage like \"50%%\" (got %q)" $field $x) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* exposure */ -}}
{{- if and $v.ingress.enabled $v.gateway.enabled -}}
{{- fail "ingress.enabled and gateway.enabled are both true: expose the portal with an Ingress or a Gateway API HTTPRoute, not both" -}}
{{- end -}}
{{- if $v.gateway.enabled -}}
{{- if not $v.gateway.parentRefs -}}
{{- fail "gateway.enabled is true but gateway.parentRefs is empty: name the Gateway the HTTPRoute attaches to, e.g. [{name: public, namespace: gateway-system}]" -}}
{{- end -}}
{{- range $i, $ref := $v.gateway.parentRefs -}}
{{- if not (and (kindIs "map" $ref) $ref.name) -}}
{{- fail (printf "gateway.parentRefs[%d] needs a name (the Gateway's metadata.name)" $i) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* database */ -}}
{{- $pg := $v.postgresql -}}
{{- if not (has $pg.pluginDivisionMode (list "schema" "database")) -}}
{{- fail (printf "postgresql.pluginDivisionMode must be \"schema\" or \"database\" (got %v)" $pg.pluginDivisionMode) -}}
{{- end -}}
{{- if and $pg.cnpg.enabled $pg.external.host -}}
{{- fail "postgresql.cnpg.enabled is true and postgresql.external.host is set: use the CloudNativePG cluster or the external server, not both" -}}
{{- end -}}
{{- if $pg.cnpg.enabled -}}
{{- $image := toString $pg.cnpg.imageName -}}
{{- if not (regexMatch "^[a-z0-9][a-z0-9._:/-]*[a-z0-9](@sha256:[a-f0-9]{64})?$" $image) -}}
{{- fail (printf "postgresql.cnpg.imageName is not an image reference (got %q)" $image) -}}
{{- end -}}
{{- if not (regexMatch "(:[0-9]+\\.[0-9]+[a-z0-9._-]*(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$" $image) -}}
{{- fail (printf "postgresql.cnpg.imageName must be pinned to a minor version (e.g. :17.5) or a digest (@sha256:...), not %q: the operator would otherwise change PostgreSQL under the portal" $image) -}}
{{- end -}}
{{- include "launchpad.requireInt" (list "postgresql.cnpg.instances" $pg.cnpg.instances 1) -}}
{{- if eq $pg.pluginDivisionMode "database" -}}
{{- fail "postgresql.pluginDivisionMode \"database\" needs a user that may create databases; the CloudNativePG application user owns one database: use \"schema\"" -}}
{{- end -}}
{{- else -}}
{{- if not $pg.external.host -}}
{{- fail "no database: set postgresql.external.host (and postgresql.external.existingSecret) for an external PostgreSQL, or postgresql.cnpg.enabled=true for a CloudNativePG cluster" -}}
{{- end -}}
{{- if not (regexMatch "^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$" (toString $pg.external.host)) -}}
{{- fail (printf "postgresql.external.host must be a host name or IPv4 address (got %q)" (toString $pg.external.host)) -}}
{{- end -}}
{{- include "launchpad.requireInt" (list "postgresql.external.port" $pg.external.port 1) -}}
{{- if not $pg.external.existingSecret -}}
{{- fail "postgresql.external.existingSecret is required: the Secret holding the database user name and password (keys postgresql.external.usernameKey / passwordKey)" -}}
{{- end -}}
{{- if not $pg.external.database -}}
{{- fail "postgresql.external.database is required" -}}
{{- end -}}
{{- end -}}

{{- /* hardening the values cannot undo */ -}}
{{- range $name, $ctx := dict "podSecurityContext" $v.podSecurityContext "containerSecurityContext" $v.containerSecurityContext -}}
{{- if and (hasKey $ctx "runAsUser") (eq (toString $ctx.runAsUser) "0") -}}
{{- fail (printf "%s.runAsUser is 0: the portal never runs as root" $name) -}}
{{- end -}}
{{- if and (hasKey $ctx "runAsNonRoot") (not $ctx.runAsNonRoot) -}}
{{- fail (printf "%s.runAsNonRoot is false: the portal never runs as root" $name) -}}
{{- end -}}
{{- end -}}
{{- $nonRoot := $v.podSecurityContext.runAsNonRoot -}}
{{- if hasKey $v.containerSecurityContext "runAsNonRoot" -}}
{{- $nonRoot = $v.containerSecurityContext.runAsNonRoot -}}
{{- end -}}
{{- if not $nonRoot -}}
{{- fail "runAsNonRoot must be true in containerSecurityContext or podSecurityContext: the portal never runs as root" -}}
{{- end -}}
{{- if $v.containerSecurityContext.privileged -}}
{{- fail "containerSecurityContext.privileged is true: the portal needs no privileges" -}}
{{- end -}}
{{- if $v.containerSecurityContext.allowPrivilegeEscalation -}}
{{- fail "containerSecurityContext.allowPrivilegeEscalation is true: the portal needs no privilege escalation" -}}
{{- end -}}

{{- /* shutdown */ -}}
{{- include "launchpad.requireInt" (list "terminationGracePeriodSeconds" $v.terminationGracePeriodSeconds 30) -}}
{{- include "launchpad.requireInt" (list "preStopSleepSeconds" $v.preStopSleepSeconds 0) -}}
{{- if ge (int64 $v.preStopSleepSeconds) (int64 $v.terminationGracePeriodSeconds) -}}
{{- fail (printf "preStopSleepSeconds (%d) must be less than terminationGracePeriodSeconds (%d): the backend needs time to drain after the pause" (int64 $v.preStopSleepSeconds) (int64 $v.terminationGracePeriodSeconds)) -}}
{{- end -}}

{{- /* the chart's config must be loaded */ -}}
{{- if not (contains "/config/app-config.extra.yaml" (join " " (concat $v.command $v.args))) -}}
{{- fail "command/args must load the chart's config: add --config /config/app-config.extra.yaml (last)" -}}
{{- end -}}

{{- /* sign-in */ -}}
{{- if $v.auth.oidc.enabled -}}
{{- if not (regexMatch "^https://[^\\s\"'`$]+$" (toString $v.auth.oidc.metadataUrl)) -}}
{{- fail (printf "auth.oidc.metadataUrl must be the provider's https discovery URL (got %q)" (toString $v.auth.oidc.metadataUrl)) -}}
{{- end -}}
{{- if not $v.auth.oidc.existingSecret -}}
{{- fail "auth.oidc.existingSecret is required when auth.oidc.enabled: the Secret with the client id and client secret" -}}
{{- end -}}
{{- if not $v.auth.session.existingSecret -}}
{{- fail "auth.session.existingSecret is required when auth.oidc.enabled: the Secret with the session secret (the OIDC provider keeps state and nonce in a session)" -}}
{{- end -}}
{{- end -}}
{{- if and $v.auth.github.enabled (not $v.auth.github.existingSecret) -}}
{{- fail "auth.github.existingSecret is required when auth.github.enabled: the Secret with the OAuth app's client id and client secret" -}}
{{- end -}}

{{- /* clusters */ -}}
{{- $seen := dict -}}
{{- range $i, $c := $v.kubernetes.clusters -}}
{{- if not (kindIs "map" $c) -}}
{{- fail (printf "kubernetes.clusters[%d] must be a map with name, environment, url and tokenSecret" $i) -}}
{{- end -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$" (toString $c.name)) -}}
{{- fail (printf "kubernetes.clusters[%d].name must be lowercase letters, digits and dashes, at most 40 (got %q)" $i (toString $c.name)) -}}
{{- end -}}
{{- if hasKey $seen (toString $c.name) -}}
{{- fail (printf "kubernetes.clusters[%d].name %q is used twice" $i (toString $c.name)) -}}
{{- end -}}
{{- $_ := set $seen (toString $c.name) true -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$" (toString $c.environment)) -}}
{{- fail (printf "kubernetes.clusters[%d].environment must be a name like dev, stage or prod (got %q)" $i (toString $c.environment)) -}}
{{- end -}}
{{- if not (regexMatch "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$" (toString $c.url)) -}}
{{- fail (printf "kubernetes.clusters[%d].url must be the API server's https URL (got %q)" $i (toString $c.url)) -}}
{{- end -}}
{{- if not (and (kindIs "map" $c.tokenSecret) $c.tokenSecret.name $c.tokenSecret.key) -}}
{{- fail (printf "kubernetes.clusters[%d].tokenSecret needs name and key: the Secret holding the cluster's service account token" $i) -}}
{{- end -}}
{{- if and $c.caSecret (not (and (kindIs "map" $c.caSecret) $c.caSecret.name $c.caSecret.key)) -}}
{{- fail (printf "kubernetes.clusters[%d].caSecret needs name and key" $i) -}}
{{- end -}}
{{- end -}}

{{- /* git host */ -}}
{{- if not (regexMatch "^(/[A-Za-z0-9_][A-Za-z0-9._-]*)+$" (toString $v.gitHost.root)) -}}
{{- fail (printf "gitHost.root must be an absolute path without \"..\" (got %q)" (toString $v.gitHost.root)) -}}
{{- end -}}
{{- if or (has (toString $v.gitHost.root) (list "/tmp" "/config" "/workspace" "/app")) (hasPrefix "/app/" (toString $v.gitHost.root)) -}}
{{- fail (printf "gitHost.root %q is a folder the chart mounts for something else: use its own folder, e.g. /var/lib/launchpad/git" (toString $v.gitHost.root)) -}}
{{- end -}}

{{- /* environment */ -}}
{{- $reserved := list "NODE_ENV" "HOME" "PORTAL_BASE_URL" "APP_CONFIG_app_baseUrl" "APP_CONFIG_backend_baseUrl" "APP_CONFIG_backend_cors_origin" -}}
{{- range $i, $e := $v.extraEnv -}}
{{- if not (kindIs "map" $e) -}}
{{- fail (printf "extraEnv[%d] must be a map {name, value}" $i) -}}
{{- end -}}
{{- $name := toString (and (kindIs "map" $e) $e.name) -}}
{{- include "launchpad.checkEnvName" (list (printf "extraEnv[%d]" $i) $name $reserved) -}}
{{- if regexMatch "(?i)(password|passwd|secret|token|_key|apikey|credentials?)$" $name -}}
{{- fail (printf "extraEnv[%d] %s looks like a secret: give it with extraSecretEnv (from a Secret), never as a value" $i $name) -}}
{{- end -}}
{{- if hasKey $e "valueFrom" -}}
{{- fail (printf "extraEnv[%d] %s: use extraSecretEnv for values from Secrets; extraEnv takes plain values" $i $name) -}}
{{- end -}}
{{- end -}}
{{- range $i, $e := $v.extraSecretEnv -}}
{{- if not (kindIs "map" $e) -}}
{{- fail (printf "extraSecretEnv[%d] must be a map {name, secretName, key}" $i) -}}
{{- end -}}
{{- $name := toString (and (kindIs "map" $e) $e.name) -}}
{{- include "launchpad.checkEnvName" (list (printf "extraSecretEnv[%d]" $i) $name $reserved) -}}
{{- if not (and $e.secretName $e.key) -}}
{{- fail (printf "extraSecretEnv[%d] %s needs secretName and key" $i $name) -}}
{{- end -}}
{{- end -}}

{{- /* references to Secrets: names and keys Kubernetes accepts */ -}}
{{- $refs := list -}}
{{- if not $pg.cnpg.enabled -}}
{{- $refs = append $refs (list "postgresql.external.existingSecret" $pg.external.existingSecret $pg.external.usernameKey) -}}
{{- $refs = append $refs (list "postgresql.external.existingSecret" $pg.external.existingSecret $pg.external.passwordKey) -}}
{{- if $pg.external.ssl.caSecret.name -}}
{{- $refs = append $refs (list "postgresql.external.ssl.caSecret" $pg.external.ssl.caSecret.name $pg.external.ssl.caSecret.key) -}}
{{- end -}}
{{- end -}}
{{- if $v.auth.session.existingSecret -}}
{{- $refs = append $refs (list "auth.session.existingSecret" $v.auth.session.existingSecret $v.auth.session.key) -}}
{{- end -}}
{{- range $provider := list "oidc" "github" -}}
{{- $a := index $v.auth $provider -}}
{{- if $a.enabled -}}
{{- $refs = append $refs (list (printf "auth.%s.existingSecret" $provider) $a.existingSecret $a.clientIdKey) -}}
{{- $refs = append $refs (list (printf "auth.%s.existingSecret" $provider) $a.existingSecret $a.clientSecretKey) -}}
{{- end -}}
{{- end -}}
{{- range $i, $c := $v.kubernetes.clusters -}}
{{- $refs = append $refs (list (printf "kubernetes.clusters[%d].tokenSecret" $i) $c.tokenSecret.name $c.tokenSecret.key) -}}
{{- if $c.caSecret -}}
{{- $refs = append $refs (list (printf "kubernetes.clusters[%d].caSecret" $i) $c.caSecret.name $c.caSecret.key) -}}
{{- end -}}
{{- end -}}
{{- range $i, $e := $v.extraSecretEnv -}}
{{- $refs = append $refs (list (printf "extraSecretEnv[%d]" $i) $e.secretName $e.key) -}}
{{- end -}}
{{- range $ref := $refs -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$" (toString (index $ref 1))) -}}
{{- fail (printf "%s: %q is not a Secret name (lowercase letters, digits, \".\" and \"-\")" (index $ref 0) (toString (index $ref 1))) -}}
{{- end -}}
{{- if not (regexMatch "^[-._a-zA-Z0-9]{1,253}$" (toString (index $ref 2))) -}}
{{- fail (printf "%s: %q is not a Secret key (letters, digits, \"-\", \"_\" and \".\")" (index $ref 0) (toString (index $ref 2))) -}}
{{- end -}}
{{- end -}}

{{- /* other names that land in manifests */ -}}
{{- $dns := list (list "ingress.host" $v.ingress.host) (list "ingress.tls.secretName" $v.ingress.tls.secretName) (list "ingress.className" $v.ingress.className) (list "gitHost.persistence.existingClaim" $v.gitHost.persistence.existingClaim) (list "serviceAccount.name" $v.serviceAccount.name) (list "postgresql.cnpg.storage.storageClass" $pg.cnpg.storage.storageClass) -}}
{{- range $i, $h := $v.gateway.hostnames -}}
{{- $dns = append $dns (list (printf "gateway.hostnames[%d]" $i) $h) -}}
{{- end -}}
{{- range $i, $ref := $v.gateway.parentRefs -}}
{{- range $field := list "name" "namespace" "sectionName" -}}
{{- $dns = append $dns (list (printf "gateway.parentRefs[%d].%s" $i $field) (index $ref $field)) -}}
{{- end -}}
{{- end -}}
{{- range $item := $dns -}}
{{- $x := index $item 1 -}}
{{- if and $x (not (regexMatch "^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$" (toString $x))) -}}
{{- fail (printf "%s must be a lowercase DNS name (letters, digits, \".\", \"-\") (got %q)" (index $item 0) (toString $x)) -}}
{{- end -}}
{{- end -}}
{{- if not (regexMatch "^[a-z0-9]([a-z0-9._/:-]{0,253}[a-z0-9])?$" (toString $v.image.repository)) -}}
{{- fail (printf "image.repository is not an image repository (got %q)" (toString $v.image.repository)) -}}
{{- end -}}
{{- if and $v.image.tag (not (regexMatch "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$" (toString $v.image.tag))) -}}
{{- fail (printf "image.tag is not an image tag (got %q)" (toString $v.image.tag)) -}}
{{- end -}}
{{- if and $v.image.digest (not (regexMatch "^sha256:[a-f0-9]{64}$" (toString $v.image.digest))) -}}
{{- fail (printf "image.digest must be sha256:<64 hex digits> (got %q)" (toString $v.image.digest)) -}}
{{- end -}}
{{- include "launchpad.requireInt" (list "containerPort" $v.containerPort 1) -}}
{{- include "launchpad.requireInt" (list "service.port" $v.service.port 1) -}}
{{- range $port := list (list "containerPort" $v.containerPort) (list "service.port" $v.service.port) (list "postgresql.external.port" $pg.external.port) -}}
{{- if gt (int64 (index $port 1)) 65535 -}}
{{- fail (printf "%s must be a port number up to 65535 (got %v)" (index $port 0) (index $port 1)) -}}
{{- end -}}
{{- end -}}

{{- /* names that become PostgreSQL identifiers or YAML keys */ -}}
{{- if $pg.cnpg.enabled -}}
{{- range $field := list "database" "owner" -}}
{{- if not (regexMatch "^[a-z_][a-z0-9_]{0,62}$" (toString (index $pg.cnpg $field))) -}}
{{- fail (printf "postgresql.cnpg.%s must be a PostgreSQL name (lowercase letters, digits, _) (got %q)" $field (toString (index $pg.cnpg $field))) -}}
{{- end -}}
{{- end -}}
{{- range $k, $x := $pg.cnpg.parameters -}}
{{- if not (regexMatch "^[a-z_][a-z0-9_.]{0,62}$" $k) -}}
{{- fail (printf "postgresql.cnpg.parameters: %q is not a PostgreSQL parameter name" $k) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* no literal secrets in the config */ -}}
{{- if and $v.appConfig (not (kindIs "map" $v.appConfig)) -}}
{{- fail "appConfig must be a map of app-config settings" -}}
{{- end -}}
{{- include "launchpad.checkNoSecrets" (list "appConfig" $v.appConfig) -}}
{{- end -}}

{{/* (list path value min): value must be a whole number >= min. */}}
{{- define "launchpad.requireInt" -}}
{{- $path := index . 0 -}}
{{- $x := index . 1 -}}
{{- $min := index . 2 -}}
{{- if not (or (kindIs "float64" $x) (kindIs "int" $x) (kindIs "int64" $x)) -}}
{{- fail (printf "%s must be a whole number (got %v)" $path $x) -}}
{{- end -}}
{{- if ne (float64 $x) (float64 (int64 $x)) -}}
{{- fail (printf "%s must be a whole number (got %v)" $path $x) -}}
{{- end -}}
{{- if lt (int64 $x) (int64 $min) -}}
{{- fail (printf "%s must be at least %d (got %v)" $path (int64 $min) $x) -}}
{{- end -}}
{{- end -}}

{{/* (list where name reserved): an environment variable name the chart does not set itself. */}}
{{- define "launchpad.checkEnvName" -}}
{{- $where := index . 0 -}}
{{- $name := index . 1 -}}
{{- $reserved := index . 2 -}}
{{- if not (regexMatch "^[A-Za-z_][A-Za-z0-9_]{0,127}$" $name) -}}
{{- fail (printf "%s.name must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*) (got %q)" $where $name) -}}
{{- end -}}
{{- if or (has $name $reserved) (regexMatch "^(POSTGRES_|K8S_TOKEN_|AUTH_|OIDC_)" $name) -}}
{{- fail (printf "%s.name %s is set by the chart (publicUrl, postgresql, auth, kubernetes): use those values" $where $name) -}}
{{- end -}}
{{- end -}}

{{/*
(list path value): fails on a literal secret anywhere in value. A key named
like a secret (password, clientSecret, token, apiKey, privateKey,
secretAccessKey, credentials) may hold only "" or a ${ENV_NAME} reference;
a PEM block is refused under any key.
*/}}
{{- define "launchpad.checkNoSecrets" -}}
{{- $path := index . 0 -}}
{{- $value := index . 1 -}}
{{- if kindIs "map" $value -}}
{{- range $k, $x := $value -}}
{{- $p := printf "%s.%s" $path $k -}}
{{- if and (regexMatch "(?i)(password|passwd|secret|token|apikey|api_key|privatekey|private_key|secretaccesskey|credentials?)$" $k) (not (or (kindIs "map" $x) (kindIs "slice" $x) (kindIs "invalid" $x) (kindIs "bool" $x))) -}}
{{- if not (or (eq (toString $x) "") (regexMatch "^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$" (toString $x))) -}}
{{- fail (printf "%s holds a literal secret: put it in a Secret, pass it with extraSecretEnv and write ${ENV_NAME} here" $p) -}}
{{- end -}}
{{- end -}}
{{- include "launchpad.checkNoSecrets" (list $p $x) -}}
{{- end -}}
{{- else if kindIs "slice" $value -}}
{{- range $i, $x := $value -}}
{{- include "launchpad.checkNoSecrets" (list (printf "%s[%d]" $path $i) $x) -}}
{{- end -}}
{{- else if and (kindIs "string" $value) (contains "-----BEGIN" $value) -}}
{{- fail (printf "%s holds a PEM block (key or certificate): mount it from a Secret instead" $path) -}}
{{- end -}}
{{- end -}}

{{/* (list prefix map allowed): every key of map is one of allowed. */}}
{{- define "launchpad.checkKeys" -}}
{{- $prefix := index . 0 -}}
{{- $map := index . 1 -}}
{{- $allowed := index . 2 -}}
{{- if not (kindIs "map" $map) -}}
{{- fail (printf "%s must be a map of settings (got %v)" (trimSuffix "." (default "values" $prefix)) $map) -}}
{{- end -}}
{{- range $k, $_ := $map -}}
{{- if not (has $k $allowed) -}}
{{- fail (printf "unknown value %s%s (a typo?): %s takes %s" $prefix $k (trimSuffix "." (default "the chart" $prefix)) (join ", " $allowed)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

// helm-render renders a Helm chart's templates the way `helm template` does,
// with Helm's own template engines as Debian ships them: Go's text/template
// and sprig (golang-github-masterminds-sprig-dev), plus the functions Helm
// adds (include, tpl, required, toYaml, fromYaml, toJson, fromJson, lookup...).
//
// Build (GOPATH mode, Debian's Go libraries):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o helm-render .
//
// Usage:
//
//	helm-render --chart DIR [--values FILE]... [--release-name NAME]
//	            [--namespace NS] [--kube-version v1.31.0] [--api-versions GV]...
//
// The chart's values.yaml is always read first, then each --values file in
// order, deep-merged like Helm (maps merge, other values replace, null deletes).
// Every file under templates/ is parsed as a named template; every file whose
// name does not start with "_" (and is not NOTES.txt) is rendered. The output
// is each rendered document preceded by "---" and "# Source: <chart>/templates/<file>".
// On failure it prints "Error: ..." naming the template file and exits 1.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	yamlv2 "gopkg.in/yaml.v2"
	yaml "gopkg.in/yaml.v3"
)

const recursionMaxNums = 1000

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// Maintainer mirrors helm's chart.Maintainer.
type Maintainer struct {
	Name  string `yaml:"name" json:"name,omitempty"`
	Email string `yaml:"email" json:"email,omitempty"`
	URL   string `yaml:"url" json:"url,omitempty"`
}

// Dependency mirrors the fields of helm's chart.Dependency used in templates.
type Dependency struct {
	Name       string   `yaml:"name" json:"name"`
	Version    string   `yaml:"version" json:"version,omitempty"`
	Repository string   `yaml:"repository" json:"repository"`
	Condition  string   `yaml:"condition" json:"condition,omitempty"`
	Tags       []string `yaml:"tags" json:"tags,omitempty"`
	Enabled    bool     `yaml:"enabled" json:"enabled,omitempty"`
	Alias      string   `yaml:"alias" json:"alias,omitempty"`
}

// Metadata mirrors helm's chart.Metadata: templates use .Chart.Name, .Chart.Version...
type Metadata struct {
	Name         string            `yaml:"name" json:"name,omitempty"`
	Home         string            `yaml:"home" json:"home,omitempty"`
	Sources      []string          `yaml:"sources" json:"sources,omitempty"`
	Version      string            `yaml:"version" json:"version,omitempty"`
	Description  string            `yaml:"description" json:"description,omitempty"`
	Keywords     []string          `yaml:"keywords" json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `yaml:"maintainers" json:"maintainers,omitempty"`
	Icon         string            `yaml:"icon" json:"icon,omitempty"`
	APIVersion   string            `yaml:"apiVersion" json:"apiVersion,omitempty"`
	Condition    string            `yaml:"condition" json:"condition,omitempty"`
	Tags         string            `yaml:"tags" json:"tags,omitempty"`
	AppVersion   string            `yaml:"appVersion" json:"appVersion,omitempty"`
	Deprecated   bool              `yaml:"deprecated" json:"deprecated,omitempty"`
	Annotations  map[string]string `yaml:"annotations" json:"annotations,omitempty"`
	KubeVersion  string            `yaml:"kubeVersion" json:"kubeVersion,omitempty"`
	Dependencies []*Dependency     `yaml:"dependencies" json:"dependencies,omitempty"`
	Type         string            `yaml:"type" json:"type,omitempty"`
}

// KubeVersion mirrors helm's chartutil.KubeVersion.
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

func (kv *KubeVersion) String() string     { return kv.Version }
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet mirrors helm's chartutil.VersionSet.
type VersionSet []string

// Has reports whether an API version (or "group/version/Kind") is known.
func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// Capabilities mirrors helm's chartutil.Capabilities.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion map[string]string
}

// Files mirrors helm's engine files: the chart's non-template files.
type Files map[string][]byte

// Get returns a file's content as a string ("" when absent).
func (f Files) Get(name string) string { return string(f[name]) }

// GetBytes returns a file's content.
func (f Files) GetBytes(name string) []byte { return f[name] }

// Lines returns a file's lines.
func (f Files) Lines(name string) []string {
	if f[name] == nil {
		return []string{}
	}
	return strings.Split(strings.TrimRight(string(f[name]), "\n"), "\n")
}

// Glob returns the files whose path matches a pattern ("**" matches any depth).
func (f Files) Glob(pattern string) Files {
	re := globToRegexp(pattern)
	out := Files{}
	for name, data := range f {
		if re.MatchString(name) {
			out[name] = data
		}
	}
	return out
}

// AsConfig renders the files as a ConfigMap data block.
func (f Files) AsConfig() string {
	m := map[string]string{}
	for name, data := range f {
		m[path.Base(name)] = string(data)
	}
	return toYAML(m)
}

// AsSecrets renders the files as a Secret data block (base64).
func (f Files) AsSecrets() string {
	m := map[string]string{}
	for name, data := range f {
		m[path.Base(name)] = base64.StdEncoding.EncodeToString(data)
	}
	return toYAML(m)
}

func globToRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch {
		case c == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// ---- YAML/JSON helpers with helm's semantics (sigs.k8s.io/yaml) ----

// normalize turns yaml-decoded data into JSON-compatible data (string keys).
func normalize(v interface{}) interface{} {
	switch t := v.(type) {
	case map[string]interface{}:
		for k, x := range t {
			t[k] = normalize(x)
		}
		return t
	case map[interface{}]interface{}:
		m := make(map[string]interface{}, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = normalize(x)
		}
		return m
	case []interface{}:
		for i, x := range t {
			t[i] = normalize(x)
		}
		return t
	default:
		return v
	}
}

// yamlToJSONValue decodes YAML like helm does: through JSON, so numbers are float64.
func yamlToJSONValue(data []byte, out interface{}) error {
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return err
	}
	j, err := json.Marshal(normalize(raw))
	if err != nil {
		return err
	}
	return json.Unmarshal(j, out)
}

// toYAML is helm's toYaml: JSON marshal, then YAML (yaml.v2 style), no trailing newline.
func toYAML(v interface{}) string {
	j, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var obj interface{}
	if err := yamlv2.Unmarshal(j, &obj); err != nil {
		return ""
	}
	data, err := yamlv2.Marshal(obj)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yamlToJSONValue([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(str string) []interface{} {
	a := []interface{}{}
	if err := yamlToJSONValue([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(str string) []interface{} {
	a := []interface{}{}
	if err := json.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

// mergeValues deep-merges src into dst like helm's -f handling: maps merge
// recursively, a null in src deletes the key, anything else replaces.
func mergeValues(dst, src map[string]interface{}) map[string]interface{} {
	for k, v := range src {
		if v == nil {
			delete(dst, k)
			continue
		}
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := dst[k].(map[string]interface{}); ok {
				dst[k] = mergeValues(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
	return dst
}

func readValuesFile(file string) (map[string]interface{}, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	vals := map[string]interface{}{}
	if len(bytes.TrimSpace(data)) == 0 {
		return vals, nil
	}
	if err := yamlToJSONValue(data, &vals); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if vals == nil {
		vals = map[string]interface{}{}
	}
	return vals, nil
}

// ---- rendering ----

var (
	execErrRe  = regexp.MustCompile(`^template: (.*?):(\d+):(\d+): executing "[^"]*" at <(.*?)>: (?:error calling \w+: )?(.*)$`)
	manifestRe = regexp.MustCompile(`(?:^|\s*\n)---\s*`)
)

// cleanupExecError turns text/template's error text into helm's wording.
func cleanupExecError(err error) string {
	msg := err.Error()
	if m := execErrRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("execution error at (%s:%s:%s): %s", m[1], m[2], m[3], m[5])
	}
	return msg
}

type renderer struct {
	t *template.Template
}

func (r *renderer) funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toYaml":        toYAML,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"toToml": func(interface{}) (string, error) {
			return "", errors.New("toToml is not supported by helm-render")
		},
		// helm template has no cluster: lookup returns an empty map.
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
		"required": func(warn string, val interface{}) (interface{}, error) {
			if val == nil {
				return val, errors.New(warn)
			}
			if s, ok := val.(string); ok && s == "" {
				return val, errors.New(warn)
			}
			return val, nil
		},
		// include and tpl are replaced per render (they need the template set).
		"include": func(string, interface{}) (string, error) { return "", nil },
		"tpl":     func(string, interface{}) (string, error) { return "", nil },
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func (r *renderer) bindIncludeAndTpl() {
	included := map[string]int{}
	r.t.Funcs(template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			if included[name] > recursionMaxNums {
				return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
			}
			included[name]++
			defer func() { included[name]-- }()
			var buf strings.Builder
			err := r.t.ExecuteTemplate(&buf, name, data)
			return buf.String(), err
		},
		"tpl": func(text string, vals interface{}) (string, error) {
			clone, err := r.t.Clone()
			if err != nil {
				return "", err
			}
			clone.Option("missingkey=zero")
			name := "tpl"
			if m, ok := vals.(map[string]interface{}); ok {
				if tm, ok := m["Template"].(map[string]interface{}); ok {
					if n, ok := tm["Name"].(string); ok {
						name = n
					}
				}
			}
			inner := &renderer{t: clone}
			inner.bindIncludeAndTpl()
			parsed, err := clone.New(name + "#tpl").Parse(text)
			if err != nil {
				return "", fmt.Errorf("cannot parse template %q: %v", text, err)
			}
			var buf strings.Builder
			if err := parsed.Execute(&buf, vals); err != nil {
				return "", fmt.Errorf("error during tpl function execution for %q: %v", text, err)
			}
			return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
		},
	})
}

type options struct {
	chartDir    string
	valuesFiles []string
	releaseName string
	namespace   string
	kubeVersion string
	apiVersions []string
}

var defaultAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1",
	"apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1", "coordination.k8s.io/v1",
	"discovery.k8s.io/v1", "events.k8s.io/v1", "scheduling.k8s.io/v1", "node.k8s.io/v1",
	"certificates.k8s.io/v1", "authentication.k8s.io/v1", "authorization.k8s.io/v1",
	"apiregistration.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1",
}

func run(o options) (string, error) {
	chartYAML, err := os.ReadFile(filepath.Join(o.chartDir, "Chart.yaml"))
	if err != nil {
		return "", fmt.Errorf("cannot read Chart.yaml: %v", err)
	}
	var meta Metadata
	if err := yaml.Unmarshal(chartYAML, &meta); err != nil {
		return "", fmt.Errorf("Chart.yaml: %v", err)
	}
	if meta.Name == "" {
		return "", errors.New("Chart.yaml: name is required")
	}
	if meta.Version == "" {
		return "", errors.New("Chart.yaml: version is required")
	}

	values := map[string]interface{}{}
	files := append([]string{}, o.valuesFiles...)
	if _, err := os.Stat(filepath.Join(o.chartDir, "values.yaml")); err == nil {
		files = append([]string{filepath.Join(o.chartDir, "values.yaml")}, files...)
	}
	for _, f := range files {
		v, err := readValuesFile(f)
		if err != nil {
			return "", fmt.Errorf("values file %v", err)
		}
		values = mergeValues(values, v)
	}

	kv := o.kubeVersion
	if !strings.HasPrefix(kv, "v") {
		kv = "v" + kv
	}
	parts := strings.SplitN(strings.TrimPrefix(kv, "v"), ".", 3)
	if len(parts) < 2 {
		return "", fmt.Errorf("bad --kube-version %q", o.kubeVersion)
	}
	caps := &Capabilities{
		KubeVersion: KubeVersion{Version: kv, Major: parts[0], Minor: parts[1]},
		APIVersions: append(append(VersionSet{}, defaultAPIVersions...), o.apiVersions...),
		HelmVersion: map[string]string{"version": "v3", "go_version": "helm-render"},
	}

	// Collect chart files: templates/ are templates; the rest are .Files.
	chartFiles := Files{}
	var templateNames []string
	templateText := map[string]string{}
	err = filepath.WalkDir(o.chartDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(o.chartDir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "charts" || strings.HasPrefix(d.Name(), ".git") {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "templates/") {
			name := meta.Name + "/" + rel
			templateNames = append(templateNames, name)
			templateText[name] = string(data)
			return nil
		}
		if rel != "Chart.yaml" && rel != "values.yaml" {
			chartFiles[rel] = data
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(templateNames)

	r := &renderer{t: template.New("gotpl")}
	r.t.Option("missingkey=zero")
	r.t.Funcs(r.funcMap())
	r.bindIncludeAndTpl()
	for _, name := range templateNames {
		if _, err := r.t.New(name).Parse(templateText[name]); err != nil {
			return "", fmt.Errorf("parse error in %s: %v", strings.TrimPrefix(name, meta.Name+"/"), err)
		}
	}

	release := map[string]interface{}{
		"Name":      o.releaseName,
		"Namespace": o.namespace,
		"IsUpgrade": false,
		"IsInstall": true,
		"Revision":  1,
		"Service":   "Helm",
	}

	var out strings.Builder
	for _, name := range templateNames {
		base := path.Base(name)
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" {
			continue
		}
		data := map[string]interface{}{
			"Values":       values,
			"Release":      release,
			"Chart":        &meta,
			"Capabilities": caps,
			"Files":        chartFiles,
			"Template": map[string]interface{}{
				"Name":     name,
				"BasePath": meta.Name + "/templates",
			},
		}
		var buf strings.Builder
		if err := r.t.ExecuteTemplate(&buf, name, data); err != nil {
			return "", fmt.Errorf("render failed in %s: %s", strings.TrimPrefix(name, meta.Name+"/"), cleanupExecError(err))
		}
		rendered := strings.ReplaceAll(buf.String(), "<no value>", "")
		for _, doc := range manifestRe.Split(rendered, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			// a document of only comments is skipped like helm does
			if onlyComments(doc) {
				continue
			}
			fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", name, strings.TrimSpace(doc))
		}
	}
	return out.String(), nil
}

func onlyComments(doc string) bool {
	for _, line := range strings.Split(doc, "\n") {
		l := strings.TrimSpace(line)
		if l != "" && !strings.HasPrefix(l, "#") {
			return false
		}
	}
	return true
}

func main() {
	var o options
	var values, apis stringList
	flag.StringVar(&o.chartDir, "chart", "", "chart directory (holds Chart.yaml)")
	flag.Var(&values, "values", "values file, merged after the chart's values.yaml (repeatable)")
	flag.StringVar(&o.releaseName, "release-name", "release-name", "release name (.Release.Name)")
	flag.StringVar(&o.namespace, "namespace", "default", "namespace (.Release.Namespace)")
	flag.StringVar(&o.kubeVersion, "kube-version", "v1.31.0", "Kubernetes version for .Capabilities.KubeVersion")
	flag.Var(&apis, "api-versions", "extra API versions for .Capabilities.APIVersions (repeatable)")
	flag.Parse()
	if o.chartDir == "" {
		fmt.Fprintln(os.Stderr, "Error: --chart is required")
		os.Exit(2)
	}
	o.valuesFiles = values
	o.apiVersions = apis
	text, err := run(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
	fmt.Print(text)
}

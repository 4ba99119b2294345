package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// metrics is what GET /metrics serves, in Prometheus text format (0.0.4):
// request count and duration by method, route template and status, and the
// Go runtime and process metrics under the names Prometheus' Go client uses
// (go_*, process_*), so its dashboards work unchanged. Written with the
// standard library only, so the module keeps no dependencies. It is served on
// METRICS_PORT, a port the Service exposes to Prometheus only (the chart's
// ServiceMonitor and NetworkPolicy), never through the Ingress or HTTPRoute.
type metrics struct {
	mu        sync.Mutex
	requests  map[requestKey]*histogram
	startTime time.Time
}

type requestKey struct {
	method, route string
	status        int
}

type histogram struct {
	buckets []uint64 // cumulative counts are computed when written
	sum     float64
	count   uint64
}

// durationBuckets in seconds, as prom-client's and most HTTP dashboards'.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// knownMethods bounds the method label: Go accepts any token as a method, and
// each new one would be a new time series.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

func newMetrics() *metrics {
	return &metrics{requests: map[requestKey]*histogram{}, startTime: time.Now()}
}

func (m *metrics) observeRequest(method, route string, status int, elapsed time.Duration) {
	if !knownMethods[method] {
		method = "other"
	}
	key := requestKey{method: method, route: route, status: status}
	seconds := elapsed.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.requests[key]
	if h == nil {
		h = &histogram{buckets: make([]uint64, len(durationBuckets))}
		m.requests[key] = h
	}
	for i, le := range durationBuckets {
		if seconds <= le {
			h.buckets[i]++
			break
		}
	}
	h.sum += seconds
	h.count++
}

// routeTemplate is the route a path matched, as a metrics label: a template,
// never the raw path, so ids in paths do not create a time series each.
func routeTemplate(path string) string {
	switch {
	case path == "/healthz" || path == "/readyz" || path == "/v1/items":
		return path
	case strings.HasPrefix(path, "/v1/items/") && len(path) > len("/v1/items/") && !strings.Contains(path[len("/v1/items/"):], "/"):
		return "/v1/items/{id}"
	}
	return "unmatched"
}

// handler serves GET /metrics and nothing else.
func (m *metrics) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			http.Error(w, "Only GET /metrics is served here", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		out := bufio.NewWriter(w)
		m.write(out)
		_ = out.Flush()
	})
}

func (m *metrics) write(w io.Writer) {
	m.writeRequests(w)
	m.writeRuntime(w)
}

func (m *metrics) writeRequests(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	// labels renders {method="…",route="…",status="…"[,extra]}. (Written
	// without a brace next to a format verb: this file passes through the
	// golden path's template engine, where that pair opens a block tag.)
	labels := func(k requestKey, extra string) string {
		set := fmt.Sprintf(`method="%s",route="%s",status="%d"`, escapeLabel(k.method), escapeLabel(k.route), k.status)
		if extra != "" {
			set += "," + extra
		}
		return "{" + set + "}"
	}
	fmt.Fprintln(w, "# HELP http_requests_total HTTP requests answered, by method, route and status code.")
	fmt.Fprintln(w, "# TYPE http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "http_requests_total%s %d\n", labels(k, ""), m.requests[k].count)
	}
	fmt.Fprintln(w, "# HELP http_request_duration_seconds Time to answer HTTP requests, by method, route and status code.")
	fmt.Fprintln(w, "# TYPE http_request_duration_seconds histogram")
	for _, k := range keys {
		h := m.requests[k]
		var cumulative uint64
		for i, le := range durationBuckets {
			cumulative += h.buckets[i]
			fmt.Fprintf(w, "http_request_duration_seconds_bucket%s %d\n", labels(k, `le="`+formatFloat(le)+`"`), cumulative)
		}
		fmt.Fprintf(w, "http_request_duration_seconds_bucket%s %d\n", labels(k, `le="+Inf"`), h.count)
		fmt.Fprintf(w, "http_request_duration_seconds_sum%s %s\n", labels(k, ""), formatFloat(h.sum))
		fmt.Fprintf(w, "http_request_duration_seconds_count%s %d\n", labels(k, ""), h.count)
	}
}

func (m *metrics) writeRuntime(w io.Writer) {
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	gauge(w, "go_goroutines", "Number of goroutines that currently exist.", "gauge", float64(runtime.NumGoroutine()))
	gauge(w, "go_threads", "Number of OS threads created.", "gauge", float64(threads()))
	fmt.Fprintln(w, "# HELP go_info Information about the Go environment.")
	fmt.Fprintln(w, "# TYPE go_info gauge")
	fmt.Fprintf(w, "go_info{version=\"%s\"} 1\n", escapeLabel(runtime.Version()))
	gauge(w, "go_memstats_alloc_bytes", "Number of bytes allocated and still in use.", "gauge", float64(mem.Alloc))
	gauge(w, "go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", "gauge", float64(mem.HeapInuse))
	gauge(w, "go_memstats_sys_bytes", "Number of bytes obtained from system.", "gauge", float64(mem.Sys))
	gauge(w, "go_memstats_mallocs_total", "Total number of mallocs.", "counter", float64(mem.Mallocs))
	gauge(w, "go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", "gauge", float64(mem.LastGC)/1e9)
	gauge(w, "go_gc_cycles_total", "Number of completed GC cycles.", "counter", float64(mem.NumGC))

	if cpu, ok := cpuSeconds(); ok {
		gauge(w, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter", cpu)
	}
	if rss, ok := residentBytes(); ok {
		gauge(w, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", float64(rss))
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		gauge(w, "process_open_fds", "Number of open file descriptors.", "gauge", float64(len(fds)))
	}
	gauge(w, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", float64(m.startTime.UnixNano())/1e9)
}

func gauge(w io.Writer, name, help, kind string, value float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", name, help, name, kind, name, formatFloat(value))
}

// cpuSeconds reads user + system CPU time from /proc/self/stat (Linux, as in
// the image; elsewhere the metric is left out). Fields 14 and 15 count clock
// ticks of 1/100 s (USER_HZ, as Prometheus' procfs assumes).
func cpuSeconds() (float64, bool) {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, false
	}
	// The command name (field 2) may contain spaces: count from after it.
	end := strings.LastIndexByte(string(data), ')')
	if end < 0 {
		return 0, false
	}
	fields := strings.Fields(string(data[end+1:]))
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseUint(fields[11], 10, 64)
	stime, err2 := strconv.ParseUint(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return float64(utime+stime) / 100, true
}

// residentBytes reads the resident set size from /proc (Linux, as in the image).
func residentBytes() (uint64, bool) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseUint(fields[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * uint64(os.Getpagesize()), true
}

func threads() int {
	n, _ := runtime.ThreadCreateProfile(nil)
	return n
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// escapeLabel escapes a label value as the text format requires.
func escapeLabel(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v)
}

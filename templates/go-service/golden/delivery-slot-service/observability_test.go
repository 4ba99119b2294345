package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// syncBuffer collects log lines written by the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, entry)
	}
	return out
}

func (b *syncBuffer) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

func (b *syncBuffer) contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Contains(b.buf.String(), s)
}

func requestLines(t *testing.T, logs *syncBuffer) []map[string]any {
	var out []map[string]any
	for _, entry := range logs.lines(t) {
		if entry["message"] == "request" {
			out = append(out, entry)
		}
	}
	return out
}

func TestMetrics(t *testing.T) {
	m := newMetrics()
	h := &health{}
	h.setReady(true)
	handler := newAPI(newItemStore(), h, newLogger(io.Discard, "error"), m).routes()

	created := do(t, handler, http.MethodPost, "/v1/items", "application/json", `{"name":"Counted"}`)
	var item Item
	if err := json.Unmarshal(created.Body.Bytes(), &item); err != nil {
		t.Fatal(err)
	}
	do(t, handler, http.MethodGet, "/v1/items/"+item.ID, "", "")
	do(t, handler, http.MethodGet, "/v1/items/no-such-item", "", "")
	do(t, handler, "BREW", "/v1/items", "", "")

	if rec := do(t, handler, http.MethodGet, "/metrics", "", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("/metrics on the API port: got %d, want 404", rec.Code)
	}
	rec := httptest.NewRecorder()
	m.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("GET /metrics: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		`http_requests_total{method="POST",route="/v1/items",status="201"} 1`,
		`http_requests_total{method="GET",route="/v1/items/{id}",status="200"} 1`,
		`http_requests_total{method="GET",route="/v1/items/{id}",status="404"} 1`,
		`http_requests_total{method="other",route="/v1/items",status="405"} 1`,
		`http_request_duration_seconds_bucket{method="POST",route="/v1/items",status="201",le="+Inf"} 1`,
		`http_request_duration_seconds_count{method="POST",route="/v1/items",status="201"} 1`,
		"# TYPE http_request_duration_seconds histogram",
	} {
		if !strings.Contains(body, want+"\n") && !strings.HasSuffix(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	for _, metric := range []string{"go_goroutines", "go_memstats_alloc_bytes", "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds"} {
		if !regexp.MustCompile(`(?m)^` + metric + ` [0-9.e+-]+$`).MatchString(body) {
			t.Errorf("default metric %s missing", metric)
		}
	}
	if strings.Contains(body, item.ID) || strings.Contains(body, "no-such-item") || strings.Contains(body, "BREW") {
		t.Error("ids in paths or made-up methods became labels")
	}
	assertExposition(t, body)

	for _, path := range []string{"/", "/v1/items", "/metrics/x"} {
		rec := httptest.NewRecorder()
		m.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("metrics port, GET %s: got %d, want 404", path, rec.Code)
		}
	}
}

// assertExposition checks every line is a comment or a sample of the
// Prometheus text format, and that each sample's family was declared.
func assertExposition(t *testing.T, body string) {
	t.Helper()
	sample := regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? [-+0-9.eEInfa]+$`)
	typed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if strings.HasPrefix(line, "# TYPE ") {
			typed[strings.Fields(line)[2]] = true
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		m := sample.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a sample line: %q", line)
			continue
		}
		family := regexp.MustCompile(`_(bucket|sum|count)$`).ReplaceAllString(m[1], "")
		if !typed[m[1]] && !typed[family] {
			t.Errorf("sample without # TYPE: %q", line)
		}
	}
}

func TestRouteTemplate(t *testing.T) {
	for path, want := range map[string]string{
		"/healthz": "/healthz", "/v1/items": "/v1/items", "/v1/items/abc": "/v1/items/{id}",
		"/v1/items/": "unmatched", "/v1/items/a/b": "unmatched", "/etc/passwd": "unmatched",
	} {
		if got := routeTemplate(path); got != want {
			t.Errorf("routeTemplate(%q) = %q, want %q", path, got, want)
		}
	}
}

// rawGet sends one request over TCP, so header values an HTTP client would
// refuse reach the server as bytes.
func rawGet(t *testing.T, addr, requestIDHeader string) (status int, requestID string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /v1/items HTTP/1.1\r\nHost: test\r\nX-Request-Id: %s\r\nConnection: close\r\n\r\n", requestIDHeader)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("X-Request-Id")
}

func TestRequestIDs(t *testing.T) {
	logs := &syncBuffer{}
	h := &health{}
	h.setReady(true)
	server := httptest.NewServer(newAPI(newItemStore(), h, newLogger(logs, "debug"), newMetrics()).routes())
	defer server.Close()
	addr := server.Listener.Addr().String()

	t.Run("acceptable ids are echoed and logged", func(t *testing.T) {
		for _, id := range []string{"3f9c2a4e-5b7d-4c1e-9a8b-0d6e2f1a7c93", "01HZX3K9Q8W7E6R5T4Y3U2I1O0", "edge-7.trace:42_x", strings.Repeat("a", 128)} {
			logs.reset()
			status, got := rawGet(t, addr, id)
			if status != http.StatusOK || got != id {
				t.Fatalf("id %q: got status %d, id %q", id, status, got)
			}
			if lines := requestLines(t, logs); len(lines) != 1 || lines[0]["requestId"] != id {
				t.Fatalf("id %q: logged %v", id, lines)
			}
		}
	})

	t.Run("a new id per request when there is none", func(t *testing.T) {
		logs.reset()
		first := do(t, server.Config.Handler, http.MethodGet, "/v1/items", "", "").Header().Get("X-Request-Id")
		second := do(t, server.Config.Handler, http.MethodGet, "/nope", "", "").Header().Get("X-Request-Id")
		if !requestIDPattern.MatchString(first) || !requestIDPattern.MatchString(second) || first == second {
			t.Fatalf("generated ids %q, %q", first, second)
		}
		lines := requestLines(t, logs)
		if len(lines) != 2 || lines[0]["requestId"] != first || lines[1]["requestId"] != second {
			t.Fatalf("logged %v", lines)
		}
	})

	// Whatever a caller sends, the id we echo and log is one we accept: a
	// replaced id, or Go refusing the request outright (400, never logged).
	hostile := map[string]string{
		"too long (10 kB)":       strings.Repeat("a", 10*1024),
		"one over the cap":       strings.Repeat("a", 129),
		"empty":                  "",
		"bare CR":                "abc\rSet-Cookie: x=1",
		"bare LF":                "abc\nSet-Cookie: x=1",
		"NUL":                    "abc\x00def",
		"escape sequence":        "\x1b[31mred",
		"unicode letters":        "ünïcödé",
		"emoji":                  "💥💥💥",
		"right-to-left override": "abc\u202edef",
		"JSON breaking quote":    `abc","level":"error`,
		"HTML":                   "<script>alert(1)</script>",
		"spaces":                 "a b c",
		"tab":                    "a\tb",
		"percent-encoded CRLF":   "abc%0d%0aX-Evil:%201",
		"path traversal":         "../../etc/passwd",
		"comma list":             "one,two",
		"JNDI lookup":            "${jndi:ldap://x/a}",
	}
	for name, value := range hostile {
		t.Run("hostile id: "+name, func(t *testing.T) {
			logs.reset()
			status, got := rawGet(t, addr, value)
			if status == http.StatusBadRequest && got == "" {
				if lines := requestLines(t, logs); len(lines) != 0 {
					t.Fatalf("a request Go refused was logged: %v", lines)
				}
				return
			}
			if status != http.StatusOK || !requestIDPattern.MatchString(got) || got == value {
				t.Fatalf("status %d, id %q", status, got)
			}
			lines := requestLines(t, logs)
			if len(lines) != 1 || lines[0]["requestId"] != got {
				t.Fatalf("logged %v, want one line with requestId %q", lines, got)
			}
			if len(value) > 2 && logs.contains(value) {
				t.Fatal("the hostile value is in the logs")
			}
		})
	}

	t.Run("every line of a request's logger carries the id", func(t *testing.T) {
		out := &syncBuffer{}
		log := newLogger(out, "debug").with("requestId", "r-1")
		log.Debug("a")
		log.Error("b", "requestId", "forged")
		lines := out.lines(t)
		if len(lines) != 2 || lines[0]["requestId"] != "r-1" || lines[1]["requestId"] != "r-1" {
			t.Fatalf("got %v", lines)
		}
	})
}

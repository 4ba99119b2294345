package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// maxBodyBytes: larger request bodies are refused before they are parsed.
const maxBodyBytes = 64 << 10

// health is flipped by serve: ready once listening, not ready from SIGTERM on.
type health struct{ ready atomic.Bool }

func (h *health) setReady(ready bool) { h.ready.Store(ready) }

// api is the whole HTTP surface of the service, as described by openapi.yaml.
type api struct {
	store   *itemStore
	health  *health
	log     *logger
	metrics *metrics
}

func newAPI(store *itemStore, health *health, log *logger, metrics *metrics) *api {
	return &api{store: store, health: health, log: log, metrics: metrics}
}

type loggerKey struct{}

// logFor is the logger of this request: every line carries its request id.
func (a *api) logFor(r *http.Request) *logger {
	if log, ok := r.Context().Value(loggerKey{}).(*logger); ok {
		return log
	}
	return a.log
}

func (a *api) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", a.healthz)
	mux.HandleFunc("/readyz", a.readyz)
	mux.HandleFunc("/v1/items", a.items)
	mux.HandleFunc("/v1/items/", a.item)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "No route for "+r.URL.Path)
	})
	return a.logRequests(mux)
}

func (a *api) healthz(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (a *api) readyz(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	if !a.health.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (a *api) items(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	if r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, map[string][]Item{"items": a.store.List()})
		return
	}
	var input struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
	}
	if status, detail := decodeJSON(w, r, &input); status != 0 {
		writeProblem(w, status, detail)
		return
	}
	if input.Name == nil || strings.TrimSpace(*input.Name) == "" || utf8.RuneCountInString(*input.Name) > 100 {
		writeProblem(w, http.StatusBadRequest, `"name" must be a non-empty string of at most 100 characters`)
		return
	}
	description := ""
	if input.Description != nil {
		if utf8.RuneCountInString(*input.Description) > 1000 {
			writeProblem(w, http.StatusBadRequest, `"description" must be a string of at most 1000 characters`)
			return
		}
		description = *input.Description
	}
	item, err := a.store.Create(strings.TrimSpace(*input.Name), description)
	if err != nil {
		a.logFor(r).Error("cannot create item", "error", err.Error())
		writeProblem(w, http.StatusInternalServerError, "")
		return
	}
	w.Header().Set("Location", "/v1/items/"+item.ID)
	writeJSON(w, http.StatusCreated, item)
}

func (a *api) item(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/v1/items/")
	if id == "" || strings.Contains(id, "/") {
		writeProblem(w, http.StatusNotFound, "No route for "+r.URL.Path)
		return
	}
	if !allow(w, r, http.MethodGet) {
		return
	}
	item, ok := a.store.Get(id)
	if !ok {
		writeProblem(w, http.StatusNotFound, "No item with id "+id)
		return
	}
	writeJSON(w, http.StatusOK, item)
}

// logRequests gives each request its id (the caller's X-Request-Id when
// acceptable, else a new one), returns it, puts it on every log line of the
// request, counts the request in the metrics, and logs one line per request
// except the probes (every few seconds, not worth a line each).
func (a *api) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started := time.Now()
		requestID := requestIDFrom(r.Header.Get("X-Request-Id"))
		w.Header().Set("X-Request-Id", requestID)
		log := a.log.with("requestId", requestID)
		r = r.WithContext(context.WithValue(r.Context(), loggerKey{}, log))
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		elapsed := time.Since(started)
		a.metrics.observeRequest(r.Method, routeTemplate(r.URL.Path), recorder.status, elapsed)
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			return
		}
		log.Info("request", "method", r.Method, "path", r.URL.Path, "status", recorder.status,
			"durationMs", float64(elapsed.Microseconds())/1000)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}

func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	writeProblem(w, http.StatusMethodNotAllowed, r.Method+" is not supported here")
	return false
}

// decodeJSON reads a JSON body into v; a non-zero status says why it could not.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) (int, string) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/json" {
		return http.StatusUnsupportedMediaType, "Send a JSON body with Content-Type: application/json"
	}
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes)).Decode(v)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("Bodies are limited to %d bytes", maxBodyBytes)
	case err != nil:
		return http.StatusBadRequest, "The body is not a valid JSON object"
	}
	return 0, ""
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// writeProblem answers with an RFC 9457 problem document.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	problem := map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status}
	if detail != "" {
		problem["detail"] = detail
	}
	_ = json.NewEncoder(w).Encode(problem)
}

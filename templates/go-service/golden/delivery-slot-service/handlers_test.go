package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTestAPI(ready bool) http.Handler {
	h := &health{}
	h.setReady(ready)
	return newAPI(newItemStore(), h, newLogger(io.Discard, "error"), newMetrics()).routes()
}

func do(t *testing.T, handler http.Handler, method, path, contentType, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	return rec
}

func TestProbes(t *testing.T) {
	ready := newTestAPI(true)
	if rec := do(t, ready, http.MethodGet, "/healthz", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("healthz: got %d, want 200", rec.Code)
	}
	if rec := do(t, ready, http.MethodGet, "/readyz", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("readyz: got %d, want 200", rec.Code)
	}
	notReady := newTestAPI(false)
	if rec := do(t, notReady, http.MethodGet, "/readyz", "", ""); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("readyz while not ready: got %d, want 503", rec.Code)
	}
	if rec := do(t, notReady, http.MethodGet, "/healthz", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("healthz while not ready: got %d, want 200 (alive, just not taking traffic)", rec.Code)
	}
}

func TestCreateListGetItem(t *testing.T) {
	api := newTestAPI(true)
	rec := do(t, api, http.MethodPost, "/v1/items", "application/json",
		`{"name":"  Loyalty card  ","description":"Stamp after each order"}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d, want 201: %s", rec.Code, rec.Body)
	}
	var created Item
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil {
		t.Fatal(err)
	}
	if created.Name != "Loyalty card" || created.ID == "" {
		t.Fatalf("create: unexpected item %+v", created)
	}
	if got, want := rec.Header().Get("Location"), "/v1/items/"+created.ID; got != want {
		t.Fatalf("Location: got %q, want %q", got, want)
	}

	rec = do(t, api, http.MethodGet, "/v1/items", "", "")
	var list struct{ Items []Item }
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].ID != created.ID {
		t.Fatalf("list: got %+v", list.Items)
	}

	rec = do(t, api, http.MethodGet, "/v1/items/"+created.ID, "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("get: got %d, want 200", rec.Code)
	}
}

func TestProblems(t *testing.T) {
	api := newTestAPI(true)
	cases := []struct {
		name, method, path, contentType, body string
		want                                  int
	}{
		{"unknown item", http.MethodGet, "/v1/items/does-not-exist", "", "", http.StatusNotFound},
		{"unknown route", http.MethodGet, "/nope", "", "", http.StatusNotFound},
		{"empty name", http.MethodPost, "/v1/items", "application/json", `{"name":""}`, http.StatusBadRequest},
		{"missing name", http.MethodPost, "/v1/items", "application/json", `{}`, http.StatusBadRequest},
		{"invalid JSON", http.MethodPost, "/v1/items", "application/json", `{"name":`, http.StatusBadRequest},
		{"not JSON", http.MethodPost, "/v1/items", "text/plain", `name=x`, http.StatusUnsupportedMediaType},
		{"too large", http.MethodPost, "/v1/items", "application/json",
			`{"name":"` + strings.Repeat("x", 70<<10) + `"}`, http.StatusRequestEntityTooLarge},
		{"wrong method", http.MethodDelete, "/v1/items", "", "", http.StatusMethodNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := do(t, api, c.method, c.path, c.contentType, c.body)
			if rec.Code != c.want {
				t.Fatalf("got %d, want %d: %s", rec.Code, c.want, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type: got %q, want application/problem+json", ct)
			}
			var problem struct{ Status int }
			if err := json.Unmarshal(rec.Body.Bytes(), &problem); err != nil || problem.Status != c.want {
				t.Fatalf("problem body: %s", rec.Body)
			}
		})
	}
	if rec := do(t, api, http.MethodDelete, "/v1/items", "", ""); rec.Header().Get("Allow") != "GET, POST" {
		t.Fatalf("Allow: got %q", rec.Header().Get("Allow"))
	}
}

package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	env := map[string]string{"PORT": "9090", "METRICS_PORT": "9191", "LOG_LEVEL": "debug", "SHUTDOWN_DELAY_MS": "250"}
	cfg, err := loadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 9090 || cfg.MetricsPort != 9191 || cfg.LogLevel != "debug" || cfg.ShutdownDelay != 250*time.Millisecond {
		t.Fatalf("unexpected config %+v", cfg)
	}
	for _, bad := range []map[string]string{{"PORT": "http"}, {"METRICS_PORT": "70000"}, {"LOG_LEVEL": "loud"}, {"SHUTDOWN_TIMEOUT_MS": "-1"}} {
		if _, err := loadConfig(func(k string) string { return bad[k] }); err == nil {
			t.Fatalf("expected an error for %v", bad)
		}
	}
}

func TestGracefulShutdown(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsListener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + listener.Addr().String()
	cfg := config{ShutdownDelay: 300 * time.Millisecond, ShutdownTimeout: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, listener, metricsListener, cfg, newLogger(io.Discard, "error")) }()

	waitFor(t, func() bool { return status(base+"/readyz") == http.StatusOK })
	cancel() // what SIGTERM does in main
	waitFor(t, func() bool { return status(base+"/readyz") == http.StatusServiceUnavailable })
	if got := status(base + "/healthz"); got != http.StatusOK {
		t.Fatalf("healthz while draining: got %d, want 200 (still serving)", got)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not return after shutdown")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("still accepting connections after shutdown")
	}
	if _, err := http.Get("http://" + metricsListener.Addr().String() + "/metrics"); err == nil {
		t.Fatal("metrics still served after shutdown")
	}
}

func status(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatal("condition not reached within 5s")
}

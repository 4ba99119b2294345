// Command delivery-slot-service serves the delivery-slot-service HTTP API described
// in openapi.yaml, with liveness and readiness probes and graceful shutdown.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

const serviceName = "delivery-slot-service"

// config is read once at start-up from the environment (set by the Helm chart).
type config struct {
	Port int
	// MetricsPort serves GET /metrics (Prometheus text format): a port of its
	// own, so the Ingress/HTTPRoute, which route to Port only, never expose it.
	MetricsPort int
	LogLevel    string
	// ShutdownDelay is how long to keep serving after SIGTERM while reporting
	// not ready, so Kubernetes removes the pod from the Service before
	// connections are refused.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds the draining of in-flight requests.
	ShutdownTimeout time.Duration
}

func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{Port: 8080, MetricsPort: 9090, LogLevel: "info", ShutdownDelay: 5 * time.Second, ShutdownTimeout: 20 * time.Second}
	for name, target := range map[string]*int{"PORT": &cfg.Port, "METRICS_PORT": &cfg.MetricsPort} {
		if v := getenv(name); v != "" {
			port, err := strconv.Atoi(v)
			if err != nil || port < 0 || port > 65535 {
				return cfg, fmt.Errorf("%s must be a port number, got %q", name, v)
			}
			*target = port
		}
	}
	if v := getenv("LOG_LEVEL"); v != "" {
		if _, ok := severity[v]; !ok {
			return cfg, fmt.Errorf("LOG_LEVEL must be one of debug, info, warn, error, got %q", v)
		}
		cfg.LogLevel = v
	}
	for name, target := range map[string]*time.Duration{
		"SHUTDOWN_DELAY_MS":   &cfg.ShutdownDelay,
		"SHUTDOWN_TIMEOUT_MS": &cfg.ShutdownTimeout,
	} {
		if v := getenv(name); v != "" {
			ms, err := strconv.Atoi(v)
			if err != nil || ms < 0 {
				return cfg, fmt.Errorf("%s must be a non-negative integer, got %q", name, v)
			}
			*target = time.Duration(ms) * time.Millisecond
		}
	}
	return cfg, nil
}

func main() {
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		newLogger(os.Stdout, "info").Error("invalid configuration", "error", err.Error())
		os.Exit(1)
	}
	log := newLogger(os.Stdout, cfg.LogLevel)

	// Kubernetes sends SIGTERM on every rollout and node drain; Ctrl-C sends SIGINT.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	listener, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.Port))
	if err != nil {
		log.Error("cannot listen", "port", cfg.Port, "error", err.Error())
		os.Exit(1)
	}
	metricsListener, err := net.Listen("tcp", fmt.Sprintf(":%d", cfg.MetricsPort))
	if err != nil {
		log.Error("cannot listen", "port", cfg.MetricsPort, "error", err.Error())
		os.Exit(1)
	}
	if err := serve(ctx, listener, metricsListener, cfg, log); err != nil {
		log.Error("server failed", "error", err.Error())
		os.Exit(1)
	}
}

// serve runs the API on listener and GET /metrics on metricsListener until
// ctx is cancelled, then shuts down (metrics are served until the API stops):
//  1. report not ready, so Kubernetes takes the pod out of the Service;
//  2. keep serving for ShutdownDelay while that propagates;
//  3. stop accepting, finish in-flight requests, close idle connections;
//  4. give up on stragglers after ShutdownTimeout.
func serve(ctx context.Context, listener, metricsListener net.Listener, cfg config, log *logger) error {
	health := &health{}
	metrics := newMetrics()
	metricsServer := &http.Server{Handler: metrics.handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = metricsServer.Serve(metricsListener) }()
	defer metricsServer.Close()
	server := &http.Server{
		Handler:           newAPI(newItemStore(), health, log, metrics).routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		// Longer than the load balancers' idle timeout (60 s), so they close
		// idle connections first and never reuse one we just closed.
		IdleTimeout: 65 * time.Second,
	}

	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	health.setReady(true)
	log.Info("listening", "port", listener.Addr().(*net.TCPAddr).Port, "metricsPort", metricsListener.Addr().(*net.TCPAddr).Port)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}

	health.setReady(false)
	log.Info("shutting down", "delayMs", cfg.ShutdownDelay.Milliseconds())
	time.Sleep(cfg.ShutdownDelay)

	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		log.Warn("shutdown timed out, closing remaining connections", "error", err.Error())
		_ = server.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

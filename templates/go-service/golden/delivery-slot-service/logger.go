package main

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

var severity = map[string]int{"debug": 10, "info": 20, "warn": 30, "error": 40}

// logger writes one JSON object per line: what the cluster's log collector
// parses without configuration, and searchable by field. (log/slog does this
// from Go 1.21 on; this module still builds with Go 1.19.)
type logger struct {
	mu     *sync.Mutex // shared with the loggers made by with: one line at a time
	out    io.Writer
	min    int
	fields []any // added to every line, after the line's own (so they win)
}

func newLogger(out io.Writer, level string) *logger {
	return &logger{mu: &sync.Mutex{}, out: out, min: severity[level]}
}

// with returns a logger that adds these alternating keys and values to every
// line, e.g. the request id.
func (l *logger) with(kv ...any) *logger {
	fields := append(append([]any{}, l.fields...), kv...)
	return &logger{mu: l.mu, out: l.out, min: l.min, fields: fields}
}

func (l *logger) Debug(msg string, kv ...any) { l.log("debug", msg, kv) }
func (l *logger) Info(msg string, kv ...any)  { l.log("info", msg, kv) }
func (l *logger) Warn(msg string, kv ...any)  { l.log("warn", msg, kv) }
func (l *logger) Error(msg string, kv ...any) { l.log("error", msg, kv) }

// log takes alternating keys and values after the message.
func (l *logger) log(level, msg string, kv []any) {
	if severity[level] < l.min {
		return
	}
	entry := map[string]any{
		"time":    time.Now().UTC().Format(time.RFC3339Nano),
		"level":   level,
		"service": serviceName,
		"message": msg,
	}
	for _, pairs := range [][]any{kv, l.fields} {
		for i := 0; i+1 < len(pairs); i += 2 {
			if key, ok := pairs[i].(string); ok {
				entry[key] = pairs[i+1]
			}
		}
	}
	line, err := json.Marshal(entry)
	if err != nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.out.Write(append(line, '\n'))
}

import type http from 'node:http';
import type { Socket } from 'node:net';

/**
 * The faults a test can switch on: down (every connection dropped without
 * an answer), latency (every response delayed), and stopped (for good). It
 * tracks the open sockets and pending delays so it can drop them.
 */
export class FaultInjection {
  private down = false;
  private latencyMs: number;
  private stopped = false;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  private get refusing(): boolean {
    return this.down || this.stopped;
  }

  /** Tracks a new connection, or drops it while down or stopped. */
  accept(socket: Socket): void {
    if (this.refusing) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Passes a request on to `handle`, after the latency, unless down or stopped by then. */
  serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  ): void {
    if (this.refusing) {
      req.socket.destroy();
      return;
    }
    if (this.latencyMs <= 0) {
      handle(req, res);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.refusing) req.socket.destroy();
      else handle(req, res);
    }, this.latencyMs);
    this.timers.add(timer);
  }

  setDown(down: boolean): void {
    this.down = down;
    if (down) this.dropConnections();
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  /** Stops for good: cancels pending delays and drops every connection. False when stopped already. */
  stop(): boolean {
    if (this.stopped) return false;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return true;
  }

  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }
}

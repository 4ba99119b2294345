import { ServiceUnavailableError } from '@backstage/errors';

/** Options for {@link ConcurrencyLimiter}. */
export interface ConcurrencyLimiterOptions {
  /** How many may run at once. */
  maxRunning: number;
  /** How many may wait for a slot; one more is refused at once. */
  maxQueued: number;
  /** How long one may wait for a slot before it is refused. */
  queueTimeoutMs: number;
}

/** Gives a slot back; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  timer: NodeJS.Timeout;
}

/**
 * A semaphore with a bounded queue. p-limit queues without bound, which is
 * what we must not do: a client that floods the git host gets a 503 it can
 * retry instead of a backlog of git processes.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly options: ConcurrencyLimiterOptions) {
    if (!(options.maxRunning >= 1))
      throw new Error('maxRunning must be at least 1');
    if (!(options.maxQueued >= 0))
      throw new Error('maxQueued must not be negative');
  }

  /** How many hold a slot and how many wait. */
  get stats() {
    return { running: this.running, queued: this.queue.length };
  }

  /** Waits for a slot; a ServiceUnavailableError when the queue is full or the wait too long. */
  acquire(what: string): Promise<Release> {
    if (this.running < this.options.maxRunning) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(
        new ServiceUnavailableError(
          `The git host is busy (${this.running} git processes running, ${this.queue.length} waiting): ${what} was refused, try again shortly`,
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(
            new ServiceUnavailableError(
              `The git host is busy: ${what} waited ${Math.round(
                this.options.queueTimeoutMs / 1000,
              )} s for a free git process and was refused, try again shortly`,
            ),
          );
        }, this.options.queueTimeoutMs),
      };
      this.queue.push(waiter);
    });
  }

  /** Runs `fn` while holding a slot. */
  async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(what);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) {
        // the slot passes straight to the next waiter
        clearTimeout(next.timer);
        next.grant(this.releaser());
      } else {
        this.running -= 1;
      }
    };
  }
}

/**
 * Promises that resolve when a count of outstanding work reaches zero, or reject after their
 * own timeout. The dispatcher calls `check()` whenever work settles.
 */

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class IdleWaiters {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly outstanding: () => number) {}

  wait(timeoutMs: number): Promise<void> {
    if (this.outstanding() === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(
            new Error(
              `${this.outstanding()} webhook deliveries still outstanding after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  check(): void {
    if (this.waiters.size === 0 || this.outstanding() > 0) return;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
    this.waiters.clear();
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters.clear();
  }
}

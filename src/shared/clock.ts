/**
 * The source of "now" for everything that expires: sessions, rate-limit windows, idempotency
 * keys, unpaid orders. Tests pass a clock they can move instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

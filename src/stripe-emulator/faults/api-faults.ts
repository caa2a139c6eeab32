/**
 * Faults armed by tests for the next API calls: answer with a 500 `api_error` before doing
 * anything, or do the work and then hold the response past the client's timeout, so that the
 * client cannot tell whether the call took effect.
 */
import { checkedCount } from '../events/delivery-faults.js';

/** How long a hang holds a response when no duration is given and the client never gives up. */
const LONGEST_HOLD_MS = 10 * 60_000;

export class ApiFaults {
  private failures = 0;
  private hangs = 0;
  private hangMs: number | null = null;
  private readonly holds = new Set<() => void>();

  failNext(count: number): void {
    this.failures = checkedCount(count);
  }

  /** Holds the next `count` responses for `holdMs`, or until the client closes the connection. */
  hangNext(count: number, holdMs?: number): void {
    this.hangs = checkedCount(count);
    this.hangMs = holdMs === undefined ? null : checkedCount(holdMs);
  }

  reset(): void {
    this.failures = 0;
    this.hangs = 0;
  }

  /** True when this call is to fail; consumes one armed failure. */
  takeFailure(): boolean {
    if (this.failures === 0) return false;
    this.failures -= 1;
    return true;
  }

  /** How long to hold this call's response, if it is to hang; consumes one armed hang. */
  takeHang(): number | null {
    if (this.hangs === 0) return null;
    this.hangs -= 1;
    return this.hangMs ?? LONGEST_HOLD_MS;
  }

  /** Waits `ms`, or until `closed` fires, or until the emulator closes. */
  hold(ms: number, onClose: (listener: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.holds.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.holds.add(done);
      onClose(done);
    });
  }

  /** Lets every held response go, for a clean shutdown. */
  releaseAll(): void {
    for (const release of [...this.holds]) release();
  }
}

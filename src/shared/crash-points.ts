/**
 * Named points between two steps of a multi-step flow where a test can make the store fail as
 * if the process had died there, to prove that recovery finishes the flow exactly once.
 *
 * Inert unless armed: in-process tests arm a point to throw; a test that runs the store as a
 * child process sets `WEBSTORE_CRASH_AT=<point>` and the process kills itself with SIGKILL when
 * it gets there, skipping every exit handler, as a real crash would.
 */

export type CrashPoint =
  | 'checkout.after_payment_created'
  | 'refund.after_provider_refund'
  | 'webhook.after_event_recorded';

export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

export class CrashPoints {
  private readonly armed = new Map<CrashPoint, 'throw' | 'kill'>();

  /** Arms the point named by `WEBSTORE_CRASH_AT`, if any, to kill the process. */
  static fromEnvironment(env: Record<string, string | undefined>): CrashPoints {
    const points = new CrashPoints();
    const point = env.WEBSTORE_CRASH_AT;
    if (point) points.arm(point as CrashPoint, 'kill');
    return points;
  }

  /** Makes the next pass through `point` fail; one shot. */
  arm(point: CrashPoint, mode: 'throw' | 'kill' = 'throw'): void {
    this.armed.set(point, mode);
  }

  reach(point: CrashPoint): void {
    const mode = this.armed.get(point);
    if (mode === undefined) return;
    this.armed.delete(point);
    if (mode === 'kill') process.kill(process.pid, 'SIGKILL');
    throw new SimulatedCrash(`simulated crash at ${point}`);
  }
}

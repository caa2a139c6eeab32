/**
 * The background jobs of a store process. Each is safe to run in several processes at once
 * (every effect is a conditional update or carries a derived Stripe idempotency key), so a
 * deployment may run as many store processes as it likes with no leader election.
 */
import type { AppContext } from '../app-context.js';
import { completeUnansweredRefunds } from '../refunds/refund-completer.js';
import { recoverMissedEvents } from '../webhooks/recovery.js';

interface Task {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface Jobs {
  stop(): Promise<void>;
}

export function startJobs(ctx: AppContext): Jobs {
  const tasks: Task[] = [
    { name: 'cancel_expired_orders', everyMs: 60_000, run: () => ctx.cancellation.cancelExpired() },
    {
      name: 'complete_unanswered_refunds',
      everyMs: 60_000,
      run: () => completeUnansweredRefunds(ctx),
    },
    { name: 'apply_webhook_events', everyMs: 10_000, run: () => ctx.webhooks.processor.drain() },
    { name: 'recover_missed_events', everyMs: 5 * 60_000, run: () => recoverMissedEvents(ctx) },
    { name: 'prune', everyMs: 3_600_000, run: () => prune(ctx) },
  ];
  return schedule(ctx, tasks);
}

async function prune(ctx: AppContext): Promise<void> {
  const longestWindow = Math.max(
    ...Object.values(ctx.config.rateLimits).map((l) => l.windowSeconds),
  );
  await ctx.sessions.prune();
  await ctx.webhooks.inbox.prune();
  await ctx.limiter.prune(longestWindow);
  await ctx.idempotency.prune();
}

/** Runs each task on its interval, never two runs of one task at once, each failure logged. */
export function schedule(ctx: AppContext, tasks: Task[]): Jobs {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const loop = (task: Task, delayMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      const started = Date.now();
      const run = task
        .run()
        .then((result) =>
          ctx.logger.debug(
            { job: task.name, result, duration_ms: Date.now() - started },
            'job ran',
          ),
        )
        .catch((err: unknown) => ctx.logger.error({ err, job: task.name }, 'job failed'))
        .finally(() => {
          running.delete(run);
          if (!stopped) loop(task, task.everyMs);
        });
      running.add(run);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  // Spread the first runs so a restart does not fire every job at the same instant.
  tasks.forEach((task, index) => loop(task, 1_000 + index * 500));

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}

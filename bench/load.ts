/**
 * Load through autocannon: a warm-up that is thrown away, then the measured run. Throughput
 * counts only 2xx answers, so a server that fails fast cannot look fast. When the server's
 * process id is given, its CPU time per answer is read from the kernel as well: on a shared
 * machine that number moves far less than the throughput does.
 */
import { readFileSync } from 'node:fs';
import autocannon, { type RawRequest } from 'autocannon';

export interface LoadResult {
  /** 2xx answers per second. */
  rate: number;
  meanMs: number;
  p99Ms: number;
  ok: number;
  failed: number;
  /** CPU time (user and system) of the server per 2xx answer, in µs; null when unknown. */
  cpuMicros: number | null;
}

export interface LoadSpec {
  url: string;
  path: string;
  method: 'GET' | 'POST';
  connections: number;
  /** Builds each request afresh (a new signed event, say); static when absent. */
  nextRequest?: () => RawRequest;
  /** The server's process, for its CPU time. */
  serverPid?: number | undefined;
}

export async function measure(spec: LoadSpec, warmup: number, seconds: number) {
  if (warmup > 0) await run(spec, { duration: warmup });
  return run(spec, { duration: seconds });
}

/** Exactly `amount` requests, as fast as the connections allow. */
export function runAmount(spec: LoadSpec, amount: number): Promise<LoadResult> {
  return run(spec, { amount });
}

async function run(spec: LoadSpec, length: { duration?: number; amount?: number }) {
  const next = spec.nextRequest;
  const cpuBefore = cpuMillis(spec.serverPid);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...length,
    requests: [
      {
        method: spec.method,
        path: spec.path,
        ...(next ? { setupRequest: (request: RawRequest) => ({ ...request, ...next() }) } : {}),
      },
    ],
  });
  const ok = Object.entries(result.statusCodeStats)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, stats]) => sum + stats.count, 0);
  const failed = result.non2xx + result.errors;
  const cpuAfter = cpuMillis(spec.serverPid);
  const cpuMicros =
    cpuBefore === null || cpuAfter === null || ok === 0
      ? null
      : ((cpuAfter - cpuBefore) * 1000) / ok;
  return {
    rate: ok / result.duration,
    meanMs: result.latency.average,
    p99Ms: result.latency.p99,
    ok,
    failed,
    cpuMicros,
  };
}

/** User plus system CPU time of a process so far, in ms (Linux /proc; 10 ms ticks). */
function cpuMillis(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

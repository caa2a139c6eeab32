/**
 * The two modes of `npm run bench`: short (a few minutes, 0 and 100 thousand stored rows) and
 * full (`-- --full`: longer runs, and the million).
 */

export interface BenchOptions {
  mode: 'short' | 'full';
  /** Seconds of load before measuring, so the JIT and the connection pools are warm. */
  warmupSeconds: number;
  /** Seconds of load that are measured. */
  measureSeconds: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /** Stored events and orders for the growth scenario, 0 excluded (it is the first run). */
  growthLevels: number[];
  /** Directory for `--cpu-prof` output of the stores, or null when not profiling. */
  profileDir: string | null;
  /** PostgreSQL server, or null when it is not reachable (the SQLite half still runs). */
  postgresUrl: string | null;
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function parseBenchArgs(argv: string[]): Omit<BenchOptions, 'postgresUrl'> {
  const full = argv.includes('--full');
  const profileAt = argv.indexOf('--cpu-prof');
  return {
    mode: full ? 'full' : 'short',
    warmupSeconds: full ? 3 : 1,
    measureSeconds: full ? 15 : 5,
    // Stripe delivers concurrently; 50 keeps both servers saturated without queueing for ever.
    connections: 50,
    growthLevels: full ? [100_000, 1_000_000] : [100_000],
    profileDir: profileAt === -1 ? null : (argv[profileAt + 1] ?? 'bench/profiles'),
  };
}

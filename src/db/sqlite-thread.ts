/**
 * A Kysely driver that runs SQLite on a worker thread of its own (`sqlite-worker.ts`).
 *
 * better-sqlite3 is synchronous, so on the main thread every statement, and every commit's disk
 * sync (`synchronous = FULL`), stopped the whole server until the disk answered: a webhook
 * batch's sync held up every request behind it, and two processes contending for the write
 * lock made one of them wait with its event loop stopped. On its own thread SQLite is as
 * asynchronous to the server as PostgreSQL is, and the sync overlaps request handling.
 *
 * SQLite has one connection, as Kysely's own SQLite driver has: a transaction holds it, and
 * every other query waits for it to be released.
 */
import { Worker } from 'node:worker_threads';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/** What the worker is started with. */
export interface SqliteWorkerData {
  path: string;
  /** How long a statement waits for another process's write lock before failing. */
  busyTimeoutMs: number;
}

export type SqliteRequest =
  { kind: 'query'; id: number; sql: string; parameters: readonly unknown[] } | { kind: 'close' };

export type SqliteReply =
  | { id: number; rows: unknown[]; changes?: number; lastInsertRowid?: bigint }
  | { id: number; error: { name: string; message: string; code: string | null } };

const RUN_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The worker's module beside this one: `.ts` when run from source (tsx), `.js` when built. */
const WORKER_URL = new URL(
  RUN_FROM_SOURCE ? './sqlite-worker.ts' : './sqlite-worker.js',
  import.meta.url,
);

function startWorker(data: SqliteWorkerData): Worker {
  if (!RUN_FROM_SOURCE) return new Worker(WORKER_URL, { workerData: data });
  // Run from source (the tests, under tsx), the thread does not inherit tsx's loader: it
  // registers tsx itself, then loads the TypeScript module.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const worker = JSON.stringify(WORKER_URL.href);
  const boot = `import(${tsx}).then((tsx) => { tsx.register(); return import(${worker}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** An error from SQLite, rebuilt on this side with its name, message and SQLite code. */
export class SqliteThreadError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export class SqliteThreadDriver implements Driver {
  private worker: Worker | null = null;
  private exited: Promise<unknown> = Promise.resolve();
  private connection: SqliteThreadConnection | null = null;
  private readonly mutex = new ConnectionMutex();

  constructor(private readonly data: SqliteWorkerData) {}

  async init(): Promise<void> {
    const worker = startWorker(this.data);
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', resolve));
    this.connection = new SqliteThreadConnection(worker);
    await this.connection.ready();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    if (this.connection === null) throw new Error('the SQLite driver is not initialised');
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite's plain BEGIN takes the write lock only at the first write, and a reader that then
    // wants to write fails at once with SQLITE_BUSY when another process holds it, whatever the
    // busy timeout. Taking the lock up front makes two server processes queue for it instead.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    this.worker = null;
    // SQLite closes on its thread (which checkpoints the WAL), and the thread then ends; a
    // thread that has ended already has nothing to close.
    worker.ref();
    worker.postMessage({ kind: 'close' } satisfies SqliteRequest);
    await this.exited;
  }
}

interface Waiting {
  resolve(reply: SqliteReply): void;
  reject(error: unknown): void;
}

class SqliteThreadConnection implements DatabaseConnection {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** Why the thread is gone, once it is: every later query fails with it at once. */
  private gone: Error | null = null;

  constructor(private readonly worker: Worker) {
    // An idle worker does not keep the process alive; one with a statement in flight does.
    worker.unref();
    worker.on('message', (reply: SqliteReply) => this.settle(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new Error(`the SQLite thread has ended (${code})`)));
  }

  /** Resolves once the worker has opened the database; rejects if it could not. */
  async ready(): Promise<void> {
    const answer = await this.await(0);
    if ('error' in answer) throw threadError(answer.error);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const id = this.nextId;
    this.nextId += 1;
    const reply = this.await(id);
    this.worker.postMessage({
      kind: 'query',
      id,
      sql: compiledQuery.sql,
      parameters: compiledQuery.parameters,
    } satisfies SqliteRequest);

    const answer = await reply;
    if ('error' in answer) throw threadError(answer.error);
    return {
      rows: answer.rows as R[],
      ...(answer.changes === undefined ? {} : { numAffectedRows: BigInt(answer.changes) }),
      ...(answer.lastInsertRowid === undefined ? {} : { insertId: answer.lastInsertRowid }),
    };
  }

  /** Kysely's interface asks for it; the store never streams a result. */
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the SQLite thread driver does not stream query results');
  }

  private await(id: number): Promise<SqliteReply> {
    if (this.gone !== null) return Promise.reject(this.gone);
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  private settle(reply: SqliteReply): void {
    const waiting = this.waiting.get(reply.id);
    if (waiting === undefined) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    waiting.resolve(reply);
  }

  private failAll(error: Error): void {
    this.gone ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

function threadError(error: { name: string; message: string; code: string | null }): Error {
  return new SqliteThreadError(error.name, error.message, error.code);
}

/** One holder at a time, the others queued in order. */
class ConnectionMutex {
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;

  async lock(): Promise<void> {
    while (this.held !== null) await this.held;
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  unlock(): void {
    const release = this.release;
    this.held = null;
    this.release = null;
    release?.();
  }
}

/**
 * Servers under test, each in its own process so that the load generator never shares their
 * event loop: the built store (`node dist/cli.js serve`), the bundled Stripe emulator alone,
 * and the baselines. Peak memory is read from the kernel's high-water mark of the process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${ROOT}dist/cli.js`;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Peak resident set size so far, in MiB (Linux `VmHWM`); null where /proc is missing. */
  peakRssMiB(): number | null;
  stop(): Promise<void>;
}

interface SpawnOptions {
  args: string[];
  env: Record<string, string>;
  /** Where the server will listen; it is ready once `readyPath` answers there, below 500. */
  url: string;
  readyPath: string;
  /** Extra flags for node itself, such as `--cpu-prof`. */
  nodeFlags?: string[];
}

/** Every server still running, so that a bench that crashes leaves none behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function spawnServer(options: SpawnOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...options.args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    // Standard output is not read: a server that logged a lot would only slow the bench down.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit');
  void exited.then(() => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exitCode: unknown = undefined;
  void exited.then(([code]) => (exitCode = code));

  const deadline = Date.now() + 30_000;
  while (!(await answers(`${options.url}${options.readyPath}`))) {
    if (exitCode !== undefined) throw new Error(`exited with ${String(exitCode)}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`no answer in 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = options.url;

  return {
    url,
    child,
    peakRssMiB: () => peakRssMiB(child.pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The store as operators run it, from the build, logging warnings only (PORT is in env). */
export function spawnStore(env: Record<string, string>, profileDir: string | null) {
  return spawnServer({
    args: [CLI, 'serve'],
    env: { LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    url: `http://127.0.0.1:${env.PORT}`,
    readyPath: '/readyz',
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
}

/** The bundled Stripe emulator alone, delivering its webhooks to `webhookUrl`. */
export function spawnEmulator(port: number, webhookUrl: string, webhookSecret: string) {
  return spawnServer({
    args: [CLI, 'stripe-emulator', '--port', String(port)].concat([
      '--webhook-url',
      webhookUrl,
      '--webhook-secret',
      webhookSecret,
    ]),
    env: { LOG_LEVEL: 'error' },
    url: `http://127.0.0.1:${port}`,
    // Without a key the API answers 401: enough to know it listens.
    readyPath: '/v1/payment_intents',
  });
}

/** A baseline server from `bench/baselines/`, run with tsx like the bench itself. */
export async function spawnBaseline(file: string, env: Record<string, string>) {
  const port = await freePort();
  return spawnServer({
    args: ['--import', 'tsx', `${ROOT}bench/baselines/${file}`],
    env: { ...env, PORT: String(port) },
    url: `http://127.0.0.1:${port}`,
    readyPath: '/ready',
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function peakRssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

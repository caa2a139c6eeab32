/**
 * A store running as its own process (`webstore serve`, from the TypeScript sources), for the
 * tests that need two processes at once or a process that really dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ApiClient } from './api-client.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface StoreProcess {
  url: string;
  api: ApiClient;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function spawnStore(
  env: Record<string, string>,
  args: string[] = [],
): Promise<StoreProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], {
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`store did not start: ${stderr}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop() ?? '';
      const listening = lines.find((line) => line.includes('"store listening"'));
      if (listening === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(listening) as { url: string }).url);
    });
    void exited.then((code) => reject(new Error(`store exited with ${code}: ${stderr}`)));
  });
  child.stdout?.resume();

  return {
    url,
    api: new ApiClient(url),
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

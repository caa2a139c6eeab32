import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const COMMAND = fileURLToPath(new URL('./command.ts', import.meta.url));

describe('stripe emulator: the stripe-emulator command', () => {
  it('should say no real money moves, serve the API, and stop cleanly on SIGTERM', async () => {
    const script =
      `import(${JSON.stringify(COMMAND)}).then((m) => m.runStripeEmulatorCommand(` +
      "['--port', '0', '--webhook-url', 'http://127.0.0.1:9/hook', " +
      "'--webhook-secret', 'whsec_test_cli', '--api-key', 'sk_test_cli']))";
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: { ...process.env, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    assert.match(
      first,
      /^Stripe emulator listening on http:\/\/127\.0\.0\.1:\d+ \(test mode: no real money moves\)$/,
    );

    const url = /(http:\/\/\S+)/.exec(first)?.[1] ?? '';
    const allowed = await fetch(`${url}/v1/events`, {
      headers: { authorization: 'Bearer sk_test_cli' },
    });
    const refused = await fetch(`${url}/v1/events`, {
      headers: { authorization: 'Bearer sk_test_x' },
    });
    assert.equal(allowed.status, 200);
    assert.equal(refused.status, 401);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('should refuse a malformed port before starting', async () => {
    const script =
      `import(${JSON.stringify(COMMAND)})` +
      ".then((m) => m.runStripeEmulatorCommand(['--port', 'abc']))" +
      '.catch((error) => { process.stderr.write(error.message); process.exit(2); })';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /--port must be a port number/);
  });
});

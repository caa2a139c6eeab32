import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

function serve(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: { ...process.env, PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

it('should refuse to start, in one line, when the database does not answer', () => {
  const result = serve({ DATABASE_URL: 'postgres://nobody:hunter2-secret@127.0.0.1:1/none' });
  assert.equal(result.status, 1);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', /^webstore: the database at 127\.0\.0\.1:1\/none does not answer/);
  assert.ok(!result.stderr.includes('hunter2-secret'), 'the password stays out of the message');
});

it('should refuse to start, in one line, with a publishable key in the secret slot', () => {
  const result = serve({
    STRIPE_SECRET_KEY: 'pk_test_abc',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
    STRIPE_WEBHOOK_SECRET: 'whsec_a',
  });
  assert.equal(result.status, 1);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.match(result.stderr, /STRIPE_SECRET_KEY holds a publishable key/);
});

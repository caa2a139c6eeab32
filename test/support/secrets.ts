/**
 * Every secret value a test hands to, or receives from, the store: keys, webhook secrets,
 * passwords, session tokens, client secrets, signatures. With `WEBSTORE_TEST_LOG_DIR` set they
 * are written beside the captured logs, and the log audit checks that none appears in any line.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_DIR } from './log-capture.js';

const seen = new Set<string>();

export function rememberSecret(kind: string, value: string | null | undefined): void {
  if (!value || value.length < 8 || seen.has(value)) return;
  seen.add(value);
  if (!LOG_DIR) return;
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(
    join(LOG_DIR, `secrets-${process.pid}.jsonl`),
    `${JSON.stringify({ kind, value })}\n`,
  );
}

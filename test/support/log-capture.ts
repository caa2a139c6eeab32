/**
 * Captures the store's JSON log lines in memory, so tests can assert what was (and was not)
 * logged. When `WEBSTORE_TEST_LOG_DIR` is set, every line is also appended to a file there, and
 * the log audit (`test/log-audit.test.ts`) reads them all after the suite. With
 * `WEBSTORE_TEST_LOG_STDERR=1` they are echoed to standard error, for debugging a test.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/logger.js';
import { randomBase62 } from '../../src/shared/ids.js';

export const LOG_DIR = process.env.WEBSTORE_TEST_LOG_DIR ?? '';
const ECHO = process.env.WEBSTORE_TEST_LOG_STDERR === '1';

export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger;
  private readonly file: string | null;

  constructor(level = 'debug') {
    this.file = LOG_DIR ? join(LOG_DIR, `${process.pid}-${randomBase62(8)}.log`) : null;
    if (LOG_DIR) mkdirSync(LOG_DIR, { recursive: true });
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        const text = chunk.toString('utf8');
        for (const line of text.split('\n')) if (line !== '') this.lines.push(line);
        if (this.file) appendFileSync(this.file, text);
        if (ECHO) process.stderr.write(text);
        done();
      },
    });
    this.logger = createLogger({ level, destination: stream });
  }

  /** Parsed lines, optionally those with the given message. */
  entries(msg?: string): Record<string, unknown>[] {
    return this.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => msg === undefined || entry.msg === msg);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

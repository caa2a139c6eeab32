/**
 * The security headers helmet sets, computed once instead of on every request.
 *
 * `@fastify/helmet` builds helmet's middlewares afresh for every request (parsing the whole
 * Content-Security-Policy each time), which cost the webhook route about 5% of its time. The
 * store's global policy is made of constants, so running helmet once, at start-up, against a
 * stand-in response gives exactly the headers it would set each time. Routes with their own
 * `helmet` option (the checkout page) still go through `@fastify/helmet` as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * The headers helmet sets with these options (helmet's own, or as `@fastify/helmet` types
 * them); the options must hold no per-request function, such as a nonce.
 */
export function helmetHeaders(options: object): HeaderList {
  const headers = new Map<string, string>();
  const response = {
    setHeader(name: string, value: string) {
      headers.set(name, value);
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously; its headers cannot be cached');
  return [...headers];
}

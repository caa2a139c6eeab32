/** The parts of autocannon and Express the bench uses (neither ships its own types). */
declare module 'autocannon' {
  export interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  export interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total: number;
  }

  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: { method?: string; path?: string; setupRequest?(request: RawRequest): RawRequest }[];
  }

  export interface Result {
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}

/** The part of Express the verify-only baseline uses (types for Express are not installed). */
declare module 'express' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Request extends IncomingMessage {
    body: Buffer;
    get(name: string): string | undefined;
  }
  export interface Response extends ServerResponse {
    status(code: number): Response;
    json(body: unknown): Response;
  }
  type Handler = (request: Request, response: Response, next: () => void) => void;
  interface Application {
    post(path: string, ...handlers: Handler[]): Application;
    get(path: string, ...handlers: Handler[]): Application;
    listen(port: number, host: string): unknown;
  }
  interface Express {
    (): Application;
    raw(options: { type: string; limit: string }): Handler;
  }
  const express: Express;
  export default express;
}

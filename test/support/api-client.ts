/**
 * A small HTTP client for tests: real requests to a listening store, JSON in and out. Secrets
 * that pass through it (passwords, tokens, client secrets, cookies) are remembered for the log
 * audit.
 */
import { rememberSecret } from './secrets.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, with no JSON encoding (for malformed-body tests). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }

    rememberSecrets(options.body);
    if (options.token) rememberSecret('token', options.token);
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    for (const cookie of response.headers.getSetCookie()) {
      rememberSecret('cookie', cookie.split(';')[0]?.split('=')[1]);
    }
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: the text is the body
    }
    rememberSecrets(parsed);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }

  post<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('POST', path, options);
  }

  put<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('PUT', path, options);
  }

  patch<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('PATCH', path, options);
  }

  delete<T = any>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }
}

const SECRET_FIELDS = new Set(['password', 'token', 'client_secret']);

function rememberSecrets(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELDS.has(key) && typeof field === 'string') rememberSecret(key, field);
    else rememberSecrets(field);
  }
}

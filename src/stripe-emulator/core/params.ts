/**
 * Reads Stripe-style parameters (form bodies and query strings parsed by `qs`) into typed values,
 * failing as Stripe does: unknown keys → `parameter_unknown`, absent required keys →
 * `parameter_missing`, bad integers → `parameter_invalid_integer`.
 *
 * Every value arrives as a string (the SDK sends `amount=100`, `confirm=true`), nested keys as
 * objects (`metadata[order_id]`) and lists as arrays or index-keyed objects (`expand[0]`).
 * A reader remembers which keys were read, so `finish()` can name the first one nobody asked for.
 */
import { invalidRequest, parameterMissing, parameterUnknown } from './errors.js';

export type RawParams = Record<string, unknown>;

interface Required {
  required?: boolean;
}

/** Stripe's range filter on timestamps: `created[gte]=…` or an exact `created=…`. */
export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
}

export class ParamReader {
  private readonly seen = new Set<string>();

  constructor(
    private readonly raw: RawParams,
    private readonly prefix = '',
  ) {}

  /** Reads `raw` with `read` and fails on any parameter `read` did not ask for. */
  static read<T>(raw: RawParams, read: (params: ParamReader) => T): T {
    const reader = new ParamReader(raw);
    const value = read(reader);
    reader.finish();
    return value;
  }

  /** The full bracketed name of a key, as Stripe names it in errors: `line_items[0][quantity]`. */
  nameOf(key: string): string {
    return this.prefix === '' ? key : `${this.prefix}[${key}]`;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  string(key: string, options: Required & { maxLength?: number } = {}): string | undefined {
    const value = this.take(key, options);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidType(this.nameOf(key), 'a string');
    if (value === '') throw emptyString(this.nameOf(key));
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      throw invalidRequest(
        `Invalid ${this.nameOf(key)}: must be at most ${options.maxLength} characters`,
        { param: this.nameOf(key) },
      );
    }
    return value;
  }

  enumeration<T extends string>(
    key: string,
    values: readonly T[],
    options: Required = {},
  ): T | undefined {
    const value = this.string(key, options);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${this.nameOf(key)}: must be one of ${values.join(', ')}`, {
        param: this.nameOf(key),
      });
    }
    return value as T;
  }

  integer(key: string, options: Required & { min?: number } = {}): number | undefined {
    const value = this.string(key, options);
    if (value === undefined) return undefined;
    const name = this.nameOf(key);
    if (!/^-?\d{1,15}$/.test(value)) {
      throw invalidRequest(`Invalid integer: ${value}`, {
        code: 'parameter_invalid_integer',
        param: name,
      });
    }
    const number = Number(value);
    if (options.min !== undefined && number < options.min) {
      const kind = options.min === 1 ? 'positive integer' : `integer of at least ${options.min}`;
      throw invalidRequest(`Invalid ${kind}: ${value}`, {
        code: 'parameter_invalid_integer',
        param: name,
      });
    }
    return number;
  }

  boolean(key: string, options: Required = {}): boolean | undefined {
    const value = this.string(key, options);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw invalidRequest(`Invalid boolean: ${value}`, { param: this.nameOf(key) });
    }
    return value === 'true';
  }

  /** A nested object, read by `read` with its own unknown-key check. */
  object<T>(key: string, read: (params: ParamReader) => T, options: Required = {}): T | undefined {
    const value = this.take(key, options);
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw invalidType(this.nameOf(key), 'an object');
    const reader = new ParamReader(value, this.nameOf(key));
    const result = read(reader);
    reader.finish();
    return result;
  }

  /** A list of nested objects, `line_items[0][…]`, each read by `read`. */
  array<T>(
    key: string,
    read: (params: ParamReader) => T,
    options: Required & { max?: number } = {},
  ): T[] | undefined {
    const items = this.list(key, options);
    if (items === undefined) return undefined;
    return items.map((item, index) => {
      const name = `${this.nameOf(key)}[${index}]`;
      if (!isRecord(item)) throw invalidType(name, 'an object');
      const reader = new ParamReader(item, name);
      const result = read(reader);
      reader.finish();
      return result;
    });
  }

  /** A list of strings: `expand[]=a`, `expand[0]=a`, `types[1]=b`. */
  stringArray(key: string, options: Required & { max?: number } = {}): string[] | undefined {
    const items = this.list(key, options);
    if (items === undefined) return undefined;
    return items.map((item, index) => {
      if (typeof item !== 'string' || item === '') {
        throw invalidType(`${this.nameOf(key)}[${index}]`, 'a non-empty string');
      }
      return item;
    });
  }

  /** `created=…` or `created[gt|gte|lt|lte]=…`, Unix seconds. */
  range(key: string): RangeFilter | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return { eq: this.integer(key) };
    return this.object(key, (range) => ({
      gt: range.integer('gt'),
      gte: range.integer('gte'),
      lt: range.integer('lt'),
      lte: range.integer('lte'),
    }));
  }

  /** The raw value of a free-form key (metadata), marked as read. */
  freeForm(key: string): unknown {
    return this.take(key, {});
  }

  /** Fails with `parameter_unknown` on the first key that was never read. */
  finish(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.seen.has(key)) throw parameterUnknown(this.nameOf(key));
    }
  }

  private take(key: string, options: Required): unknown {
    this.seen.add(key);
    const value = this.raw[key];
    if (value === undefined && options.required === true) throw parameterMissing(this.nameOf(key));
    return value;
  }

  private list(key: string, options: Required & { max?: number }): unknown[] | undefined {
    const value = this.take(key, options);
    if (value === undefined) return undefined;
    const items = asList(value);
    if (items === null) throw invalidType(this.nameOf(key), 'an array');
    if (options.max !== undefined && items.length > options.max) {
      throw invalidRequest(`Invalid ${this.nameOf(key)}: at most ${options.max} items`, {
        param: this.nameOf(key),
      });
    }
    return items;
  }
}

/**
 * qs turns `a[0]=x` into an array only up to its array limit; past that, or with gaps, it gives
 * an object keyed by index. Both mean a list to Stripe.
 */
function asList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value as unknown[];
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  if (!keys.every((key) => /^\d+$/.test(key))) return null;
  return keys.sort((a, b) => Number(a) - Number(b)).map((key) => value[key]);
}

export function isRecord(value: unknown): value is RawParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidType(param: string, expected: string): Error {
  return invalidRequest(`Invalid ${param}: must be ${expected}`, { param });
}

/** Stripe reads an empty string as "unset", and refuses it where a value cannot be unset. */
function emptyString(param: string): Error {
  return invalidRequest(
    `You passed an empty string for '${param}'. Empty values unset a parameter, and ` +
      `'${param}' cannot be unset: remove it from the request or give it a value.`,
    { code: 'parameter_invalid_empty', param },
  );
}

/**
 * Stripe objects (payment intents, charges, refunds, disputes, checkout sessions, …) kept as JSON
 * documents, one row each, in creation order.
 */
import { resourceMissing } from '../core/errors.js';
import type { PageRequest } from '../core/list.js';
import type { RangeFilter } from '../core/params.js';
import type { Db } from './database.js';
import { paginate, rangeConditions } from './paginate.js';

/** What every stored object has; a few (line items) have no `created` and sort by insertion. */
export interface StripeObject {
  id: string;
  object: string;
  created?: number;
}

/** Filters on top-level fields, a parent object, and `created`, plus the page wanted. */
export interface ObjectListQuery {
  equals?: Record<string, string | number>;
  owner?: string;
  created?: RangeFilter;
  page: PageRequest;
  oldestFirst?: boolean;
}

const FIELD = /^[a-z_]+$/;

export class ObjectStore {
  constructor(private readonly db: Db) {}

  /** Stores a new object; `owner` links it to a parent (a line item to its session). */
  insert<T extends StripeObject>(object: T, owner?: string): T {
    this.db
      .prepare('INSERT INTO objects (id, type, owner, created, data) VALUES (?, ?, ?, ?, ?)')
      .run(object.id, object.object, owner ?? null, object.created ?? 0, JSON.stringify(object));
    return object;
  }

  save<T extends StripeObject>(object: T): T {
    this.db
      .prepare('UPDATE objects SET data = ? WHERE id = ?')
      .run(JSON.stringify(object), object.id);
    return object;
  }

  find<T extends StripeObject>(type: string, id: string): T | null {
    const row = this.db
      .prepare('SELECT data FROM objects WHERE id = ? AND type = ?')
      .get(id, type) as { data: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.data) as T);
  }

  /** The object, or Stripe's 404 naming the id and the parameter that carried it. */
  get<T extends StripeObject>(type: string, id: string, param = 'id'): T {
    const found = this.find<T>(type, id);
    if (found === null) throw resourceMissing(type, id, param);
    return found;
  }

  list<T extends StripeObject>(
    type: string,
    query: ObjectListQuery,
  ): { data: T[]; hasMore: boolean } {
    const { where, args } = this.conditions(type, query.equals ?? {}, query.owner);
    const created = rangeConditions('created', query.created);
    const { rows, hasMore } = paginate(this.db, {
      table: 'objects',
      where: [...where, ...created.where],
      args: [...args, ...created.args],
      page: query.page,
      kind: type,
      objectType: type,
      oldestFirst: query.oldestFirst,
    });
    return { data: rows.map((row) => JSON.parse(row) as T), hasMore };
  }

  /** The objects of `type` that belong to `owner`, oldest first. */
  owned<T extends StripeObject>(type: string, owner: string): T[] {
    const rows = this.db
      .prepare('SELECT data FROM objects WHERE type = ? AND owner = ? ORDER BY seq')
      .all(type, owner) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as T);
  }

  /** Every object of `type` matching `equals`, oldest first; for sweeps, not for the API. */
  all<T extends StripeObject>(type: string, equals: Record<string, string | number> = {}): T[] {
    const { where, args } = this.conditions(type, equals, undefined);
    const rows = this.db
      .prepare(`SELECT data FROM objects WHERE ${where.join(' AND ')} ORDER BY seq`)
      .all(...args) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as T);
  }

  private conditions(type: string, equals: Record<string, string | number>, owner?: string) {
    const where = ['type = ?'];
    const args: unknown[] = [type];
    for (const [field, value] of Object.entries(equals)) {
      // Field names come from code, never from a request; the check keeps it that way.
      if (!FIELD.test(field)) throw new Error(`not a field name: ${field}`);
      where.push(`json_extract(data, '$.${field}') = ?`);
      args.push(value);
    }
    if (owner !== undefined) {
      where.push('owner = ?');
      args.push(owner);
    }
    return { where, args };
  }
}

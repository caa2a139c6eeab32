/**
 * Cursor pagination over a table ordered by insertion (`seq`), which is creation order: newest
 * first, as Stripe lists most things (line items come in the order given). Shared by the object
 * store and the event log.
 */
import { resourceMissing } from '../core/errors.js';
import type { PageRequest } from '../core/list.js';
import type { RangeFilter } from '../core/params.js';
import type { Db } from './database.js';

/** A page query: conditions are SQL written in this module's callers, values are bound. */
export interface PageQuery {
  table: 'objects' | 'events';
  where: string[];
  args: unknown[];
  page: PageRequest;
  /** The kind of object, for "No such …" when a cursor names nothing. */
  kind: string;
  /** In the objects table, the type a cursor must be of. */
  objectType?: string;
  /** Oldest first instead. */
  oldestFirst?: boolean;
}

/** The page's rows (their JSON), in list order, and whether more lie beyond it. */
export function paginate(db: Db, query: PageQuery): { rows: string[]; hasMore: boolean } {
  const { page } = query;
  const where = [...query.where];
  const args = [...query.args];
  // "After" a cursor means further along the list: older rows when the list is newest first.
  const forward = query.oldestFirst === true ? '>' : '<';
  const backward = query.oldestFirst === true ? '<' : '>';
  const cursorId = page.startingAfter ?? page.endingBefore;
  if (cursorId !== undefined) {
    const param = page.startingAfter !== undefined ? 'starting_after' : 'ending_before';
    where.push(`seq ${page.startingAfter !== undefined ? forward : backward} ?`);
    args.push(cursorSeq(db, query, cursorId, param));
  }

  // Ending before a cursor walks back along the list, so it reads the other way and turns over.
  const listOrder = query.oldestFirst === true ? 'ASC' : 'DESC';
  const reversed = page.endingBefore !== undefined;
  const direction = reversed ? (listOrder === 'ASC' ? 'DESC' : 'ASC') : listOrder;
  const sql =
    `SELECT data FROM ${query.table} WHERE ${where.join(' AND ') || '1 = 1'} ` +
    `ORDER BY seq ${direction} LIMIT ?`;
  const rows = db.prepare(sql).all(...args, page.limit + 1) as { data: string }[];
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit).map((row) => row.data);
  if (reversed) pageRows.reverse();
  return { rows: pageRows, hasMore };
}

/** SQL conditions for a `created` range filter on a column of Unix seconds. */
export function rangeConditions(column: string, range: RangeFilter | undefined) {
  const where: string[] = [];
  const args: number[] = [];
  if (range === undefined) return { where, args };
  const operators: [keyof RangeFilter, string][] = [
    ['gt', '>'],
    ['gte', '>='],
    ['lt', '<'],
    ['lte', '<='],
    ['eq', '='],
  ];
  for (const [key, operator] of operators) {
    const value = range[key];
    if (value === undefined) continue;
    where.push(`${column} ${operator} ?`);
    args.push(value);
  }
  return { where, args };
}

function cursorSeq(db: Db, query: PageQuery, id: string, param: string): number {
  const row = (
    query.objectType === undefined
      ? db.prepare(`SELECT seq FROM ${query.table} WHERE id = ?`).get(id)
      : db
          .prepare(`SELECT seq FROM ${query.table} WHERE id = ? AND type = ?`)
          .get(id, query.objectType)
  ) as { seq: number } | undefined;
  if (row === undefined) throw resourceMissing(query.kind, id, param);
  return row.seq;
}

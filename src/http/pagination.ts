/**
 * Cursor pagination for every list: `limit` (1–100, default 20) and an opaque `cursor`,
 * answered as `{data, next_cursor}`.
 *
 * Pages are keyset pages over (time, id), newest first, so a page is as cheap at the millionth
 * row as at the first and rows inserted meanwhile neither repeat nor vanish.
 */
import { sql, type RawBuilder } from 'kysely';
import { Type } from 'typebox';
import { AppError } from './errors.js';

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
};

export interface Cursor {
  at: number;
  id: string;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export function pageSchema<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Reads a cursor this API handed out; anything else is a 400, never a query error. */
export function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 64
    ) {
      return { at: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through to the same answer as a well-formed but foreign cursor
  }
  throw new AppError('validation_failed', { detail: 'cursor is not one this API handed out' });
}

/** `(at, id) < (cursor)`: the rows after the cursor in newest-first order. */
export function olderThan(atColumn: string, idColumn: string, cursor: Cursor): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(atColumn)}, ${sql.ref(idColumn)}) < (${cursor.at}, ${cursor.id})`;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only tells that there is more.
 */
export function toPage<Row, T>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => Cursor,
  view: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(view),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/**
 * The catalogue: products with an integer price in one currency and a stock count. Admins set
 * the stock here; checkout takes and gives it back only through conditional updates (see
 * `checkout/place-order.ts` and `orders/order-writes.ts`).
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { ProductsTable } from '../db/schema.js';
import { decodeCursor, olderThan, toPage, type Page } from '../http/pagination.js';
import type { Clock } from '../shared/clock.js';
import { isId, newId } from '../shared/ids.js';
import { ListingCache } from './listing-cache.js';
import type { Money } from '../shared/money.js';

export interface ProductView {
  id: string;
  name: string;
  description: string;
  price: Money;
  stock: number;
  active: boolean;
}

export interface NewProduct {
  name: string;
  description?: string;
  price: Money;
  stock: number;
}

export type ProductChanges = Partial<NewProduct & { active: boolean }>;

export interface ListOptions {
  limit: number;
  cursor?: string;
  /** Inactive products are listed for admins only. */
  includeInactive?: boolean;
}

type ProductRow = Selectable<ProductsTable>;

export class CatalogStore {
  private readonly publicPages: ListingCache<Page<ProductView>>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.publicPages = new ListingCache(clock);
  }

  /** A page of products, newest first; the public pages come from a one-second cache. */
  async list(options: ListOptions): Promise<Page<ProductView>> {
    if (options.includeInactive) return this.read(options);
    const key = `${options.limit}:${options.cursor ?? ''}`;
    const cached = this.publicPages.get(key);
    if (cached !== undefined) return cached;
    const page = await this.read(options);
    this.publicPages.set(key, page);
    return page;
  }

  private async read(options: ListOptions): Promise<Page<ProductView>> {
    let query = this.db
      .selectFrom('products')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (!options.includeInactive) query = query.where('active', '=', 1);
    if (options.cursor)
      query = query.where(olderThan('created_at', 'id', decodeCursor(options.cursor)));

    const rows = await query.execute();
    return toPage(rows, options.limit, (r) => ({ at: r.created_at, id: r.id }), productView);
  }

  /** A product by id; inactive ones only when asked for (admins). */
  async find(id: string, options: { includeInactive?: boolean } = {}): Promise<ProductView | null> {
    if (!isId('product', id)) return null;
    let query = this.db.selectFrom('products').selectAll().where('id', '=', id);
    if (!options.includeInactive) query = query.where('active', '=', 1);
    const row = await query.executeTakeFirst();
    return row ? productView(row) : null;
  }

  async create(product: NewProduct): Promise<ProductView> {
    const now = this.clock.now();
    const row: ProductRow = {
      id: newId('product'),
      name: product.name,
      description: product.description ?? '',
      price_amount: product.price.amount,
      currency: product.price.currency,
      stock: product.stock,
      active: 1,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('products').values(row).execute();
    this.publicPages.clear();
    return productView(row);
  }

  async update(id: string, changes: ProductChanges): Promise<ProductView | null> {
    if (!isId('product', id)) return null;
    await this.db
      .updateTable('products')
      .set({
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.description === undefined ? {} : { description: changes.description }),
        ...(changes.price === undefined
          ? {}
          : { price_amount: changes.price.amount, currency: changes.price.currency }),
        ...(changes.stock === undefined ? {} : { stock: changes.stock }),
        ...(changes.active === undefined ? {} : { active: changes.active ? 1 : 0 }),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    this.publicPages.clear();
    return this.find(id, { includeInactive: true });
  }

  /** True when the catalogue has no product at all; used to seed a demo catalogue once. */
  async isEmpty(): Promise<boolean> {
    const row = await this.db.selectFrom('products').select('id').limit(1).executeTakeFirst();
    return row === undefined;
  }
}

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: { amount: row.price_amount, currency: row.currency },
    stock: row.stock,
    active: row.active === 1,
  };
}

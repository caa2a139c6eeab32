/**
 * Each customer's cart: product ids and quantities only. Names and prices are read from the
 * catalogue every time the cart is shown, so the cart can never carry a price a client chose.
 */
import type { Db } from '../db/database.js';
import { AppError } from '../http/errors.js';
import type { Clock } from '../shared/clock.js';
import { isId } from '../shared/ids.js';
import type { Money } from '../shared/money.js';
import { pricedCartLines } from './priced-lines.js';

export const MAX_QUANTITY = 99;

export interface CartLine {
  product_id: string;
  name: string;
  quantity: number;
  unit_price: Money;
  line_total: Money;
}

export interface CartView {
  items: CartLine[];
  /** Null while the cart is empty: an empty cart has no currency. */
  subtotal: Money | null;
}

export class CartService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The owner's cart priced from the catalogue; products since deactivated drop out. */
  async view(userId: string): Promise<CartView> {
    const rows = await pricedCartLines(this.db, userId)
      .orderBy('cart_items.created_at')
      .orderBy('cart_items.product_id')
      .execute();

    const items = rows.map((row) => ({
      product_id: row.product_id,
      name: row.name,
      quantity: row.quantity,
      unit_price: { amount: row.price_amount, currency: row.currency },
      line_total: { amount: row.price_amount * row.quantity, currency: row.currency },
    }));
    const first = items[0];
    const subtotal = first
      ? {
          amount: items.reduce((sum, i) => sum + i.line_total.amount, 0),
          currency: first.unit_price.currency,
        }
      : null;
    return { items, subtotal };
  }

  /**
   * Sets a line's quantity (0 removes it). The product must be on sale, in stock for that
   * quantity now, and in the cart's currency; checkout checks stock again, atomically.
   */
  async setQuantity(userId: string, productId: string, quantity: number): Promise<CartView> {
    const product = await this.activeProduct(productId);
    if (quantity === 0) return this.remove(userId, productId);
    if (quantity > product.stock) {
      throw new AppError('insufficient_stock', { detail: `only ${product.stock} in stock` });
    }
    await this.requireCurrency(userId, productId, product.currency);

    const now = this.clock.now();
    await this.db
      .insertInto('cart_items')
      .values({
        user_id: userId,
        product_id: productId,
        quantity,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'product_id']).doUpdateSet({ quantity, updated_at: now }),
      )
      .execute();
    return this.view(userId);
  }

  /** Removes a line; a product since deactivated can still be removed. */
  async remove(userId: string, productId: string): Promise<CartView> {
    const known = isId('product', productId)
      ? await this.db
          .selectFrom('products')
          .select('id')
          .where('id', '=', productId)
          .executeTakeFirst()
      : undefined;
    if (!known) throw new AppError('not_found');
    await this.db
      .deleteFrom('cart_items')
      .where('user_id', '=', userId)
      .where('product_id', '=', productId)
      .execute();
    return this.view(userId);
  }

  private async activeProduct(productId: string) {
    if (!isId('product', productId)) throw new AppError('not_found');
    const product = await this.db
      .selectFrom('products')
      .select(['stock', 'currency'])
      .where('id', '=', productId)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!product) throw new AppError('not_found');
    return product;
  }

  /** One order has one currency, so one cart does too. */
  private async requireCurrency(userId: string, productId: string, currency: string) {
    const other = await this.db
      .selectFrom('cart_items')
      .innerJoin('products', 'products.id', 'cart_items.product_id')
      .select('products.currency')
      .where('cart_items.user_id', '=', userId)
      .where('cart_items.product_id', '!=', productId)
      .where('products.currency', '!=', currency)
      .executeTakeFirst();
    if (other) {
      throw new AppError('currency_mismatch', { detail: `the cart is in ${other.currency}` });
    }
  }
}

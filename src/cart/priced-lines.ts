/**
 * The one query that prices a cart: its lines joined with the catalogue as it is now. Products
 * no longer on sale drop out. The cart view and checkout both start here, so what a customer
 * sees in the cart is what checkout charges.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { DatabaseSchema } from '../db/schema.js';

export function pricedCartLines(db: Db | Transaction<DatabaseSchema>, userId: string) {
  return db
    .selectFrom('cart_items')
    .innerJoin('products', 'products.id', 'cart_items.product_id')
    .select([
      'cart_items.product_id',
      'cart_items.quantity',
      'products.name',
      'products.price_amount',
      'products.currency',
    ])
    .where('cart_items.user_id', '=', userId)
    .where('products.active', '=', 1);
}

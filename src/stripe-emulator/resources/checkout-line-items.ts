/**
 * Checkout line items given inline, as `line_items[i][price_data]` and `quantity`, turned into
 * Stripe's `item` objects (each with its one-off price). Prices by id are not emulated.
 * https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-line_items
 */
import { nowSeconds } from '../core/context.js';
import { invalidRequest } from '../core/errors.js';
import { stripeId } from '../core/ids.js';
import { parseCurrency } from '../core/money.js';
import type { ParamReader } from '../core/params.js';

export interface LineItemInput {
  currency: string;
  unitAmount: number;
  name: string;
  description?: string;
  quantity: number;
}

export interface LineItemObject {
  id: string;
  object: 'item';
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Record<string, unknown>;
  quantity: number;
}

/** Reads one `line_items[i]`. */
export function readLineItem(item: ParamReader): LineItemInput {
  if (item.has('price')) {
    item.string('price');
    throw invalidRequest('The emulator takes line items with price_data only, not price ids.', {
      param: item.nameOf('price'),
    });
  }
  const priceData = item.object(
    'price_data',
    (price) => ({
      currency: parseCurrency(
        price.string('currency', { required: true }) ?? '',
        price.nameOf('currency'),
      ),
      unitAmount: price.integer('unit_amount', { required: true, min: 0 }) ?? 0,
      product: price.object(
        'product_data',
        (product) => ({
          name: product.string('name', { required: true }) ?? '',
          description: product.string('description'),
        }),
        { required: true },
      ),
    }),
    { required: true },
  );
  const quantity = item.integer('quantity', { required: true, min: 1 }) ?? 1;
  return {
    currency: priceData?.currency ?? '',
    unitAmount: priceData?.unitAmount ?? 0,
    name: priceData?.product?.name ?? '',
    description: priceData?.product?.description,
    quantity,
  };
}

/** Stripe's `item` for a line, with a one-off price and product of its own. */
export function newLineItem(input: LineItemInput): LineItemObject {
  const amount = input.unitAmount * input.quantity;
  return {
    id: stripeId('li'),
    object: 'item',
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: input.currency,
    description: input.name,
    price: {
      id: stripeId('price'),
      object: 'price',
      active: false,
      billing_scheme: 'per_unit',
      created: nowSeconds(),
      currency: input.currency,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: stripeId('prod'),
      recurring: null,
      tax_behavior: 'unspecified',
      type: 'one_time',
      unit_amount: input.unitAmount,
      unit_amount_decimal: String(input.unitAmount),
    },
    quantity: input.quantity,
  };
}

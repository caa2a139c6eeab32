/**
 * The JSON the store's API answers, as the pages read it (JSDoc types only; checked by
 * `tsc -p web/tsconfig.json`). Field names are the API's, from the contract.
 */

/** @typedef {{ amount: number, currency: string }} Money */

/**
 * @typedef {object} Product
 * @property {string} id
 * @property {string} name
 * @property {string} description
 * @property {Money} price
 * @property {number} stock
 * @property {boolean} active
 */

/**
 * @typedef {object} Line
 * @property {string} product_id
 * @property {string} name
 * @property {number} quantity
 * @property {Money} unit_price
 * @property {Money} line_total
 */

/** @typedef {{ items: Line[], subtotal: Money | null }} Cart */

/**
 * @typedef {object} Order
 * @property {string} id
 * @property {'pending_payment'|'paid'|'partially_refunded'|'refunded'|'canceled'} status
 * @property {Line[]} items
 * @property {Money} total
 * @property {Money} refunded_amount
 * @property {string} created_at
 * @property {string | null} paid_at
 * @property {string | null} canceled_at
 * @property {{ flow: string | null, payment_intent_id: string | null, status: string | null }} payment
 */

/**
 * @typedef {object} PaymentIntentPayment
 * @property {'payment_intent'} flow
 * @property {string} payment_intent_id
 * @property {string} client_secret
 * @property {string} publishable_key
 */

/** @typedef {{ order: Order, payment: PaymentIntentPayment }} CheckoutResult */

/** @typedef {{ id: string, email: string, role: 'customer' | 'admin' }} User */

/**
 * @typedef {object} StorefrontConfig
 * @property {'stripe_js' | 'emulator'} payment_page
 * @property {string | null} publishable_key
 * @property {string | null} emulator_base_url
 */

/**
 * @typedef {object} Refund
 * @property {string} id
 * @property {Money} amount
 * @property {string} status
 * @property {string | null} reason
 * @property {'store' | 'external'} origin
 * @property {string | null} stripe_refund_id
 * @property {string | null} requested_by
 * @property {string} created_at
 */

/**
 * @typedef {object} SecurityEvent
 * @property {string} id
 * @property {string} type
 * @property {string} occurred_at
 * @property {string | null} actor_id
 * @property {string | null} ip
 * @property {string | null} request_id
 * @property {Record<string, string | number | boolean | null>} detail
 */

/**
 * @typedef {object} WebhookEvent
 * @property {string} id
 * @property {string} type
 * @property {string} status
 * @property {string} source
 * @property {number} attempts
 * @property {string | null} last_error
 * @property {string} received_at
 * @property {string | null} processed_at
 */

/**
 * @template T
 * @typedef {{ data: T[], next_cursor: string | null }} Page
 */

export {};

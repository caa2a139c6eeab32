/**
 * The tables as Kysely sees them. Times are epoch milliseconds in BIGINT columns and flags are
 * 0/1 integers, so that both engines return the same JavaScript types to one code path.
 */

export interface DatabaseSchema {
  users: UsersTable;
  sessions: SessionsTable;
  rate_limit_counters: RateLimitCountersTable;
  security_events: SecurityEventsTable;
  products: ProductsTable;
  cart_items: CartItemsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  refunds: RefundsTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_events: WebhookEventsTable;
  job_state: JobStateTable;
}

export type Role = 'customer' | 'admin';

export interface UsersTable {
  id: string;
  /** Lower-cased and trimmed, so one address is one account. */
  email: string;
  password_hash: string;
  role: Role;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute expiry; idle expiry is derived from `last_seen_at`. */
  expires_at: number;
  revoked_at: number | null;
}

export interface RateLimitCountersTable {
  bucket: string;
  window_start: number;
  hits: number;
}

export interface SecurityEventsTable {
  id: string;
  type: string;
  occurred_at: number;
  actor_id: string | null;
  ip: string | null;
  request_id: string | null;
  /** JSON object of non-secret facts. */
  detail: string;
}

export interface ProductsTable {
  id: string;
  name: string;
  description: string;
  price_amount: number;
  currency: string;
  stock: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface CartItemsTable {
  user_id: string;
  product_id: string;
  quantity: number;
  created_at: number;
  updated_at: number;
}

export type OrderStatus =
  'pending_payment' | 'paid' | 'partially_refunded' | 'refunded' | 'canceled';

export type CancelReason =
  'customer' | 'payment_timeout' | 'payment_canceled' | 'session_expired' | 'provider_unavailable';

export type PaymentFlow = 'payment_intent' | 'checkout_session';

export interface OrdersTable {
  id: string;
  user_id: string;
  status: OrderStatus;
  currency: string;
  total_amount: number;
  refunded_amount: number;
  /** Store refunds sent to Stripe whose outcome is not known yet. */
  refund_pending_amount: number;
  payment_flow: PaymentFlow | null;
  payment_intent_id: string | null;
  checkout_session_id: string | null;
  /** The PaymentIntent status as last confirmed with Stripe. */
  payment_status: string | null;
  /** The status of a dispute on the payment, when there is one. */
  dispute_status: string | null;
  cancel_reason: CancelReason | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  canceled_at: number | null;
}

export interface OrderItemsTable {
  order_id: string;
  product_id: string;
  name: string;
  unit_amount: number;
  quantity: number;
  line_amount: number;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface RefundsTable {
  id: string;
  order_id: string;
  amount: number;
  currency: string;
  reason: string | null;
  status: RefundStatus;
  /** `store` when an admin asked for it here; `external` when seen first at Stripe. */
  origin: 'store' | 'external';
  stripe_refund_id: string | null;
  requested_by: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * One client `Idempotency-Key`, scoped to its caller and route. A record is `running` while a
 * request holds its lease and `completed` once its final answer is stored. A running record
 * whose lease ran out belongs to a request that died; the next retry takes it over and resumes
 * from `recovery_point`.
 */
export interface IdempotencyKeysTable {
  /** SHA-256 of caller, method, route and key: the key itself is not stored. */
  scope_hash: string;
  user_id: string;
  route: string;
  fingerprint: string;
  state: 'running' | 'completed';
  lock_token: string | null;
  locked_until: number;
  recovery_point: string | null;
  resource_id: string | null;
  response_status: number | null;
  response_body: string | null;
  created_at: number;
  expires_at: number;
}

export type WebhookEventStatus = 'pending' | 'processed' | 'ignored' | 'dead';

/**
 * The webhook inbox: one row per Stripe event id, written before the 200 and processed apart
 * from the request. Only metadata is kept: effects re-read the object from Stripe.
 */
export interface WebhookEventsTable {
  event_id: string;
  type: string;
  /** `data.object.id`, and the PaymentIntent it belongs to when the payload names one. */
  object_id: string | null;
  payment_intent_id: string | null;
  livemode: number;
  /** Stripe's `created`, unix seconds. */
  created: number;
  /** `webhook` when delivered, `recovery` when found by listing events at Stripe. */
  source: 'webhook' | 'recovery';
  status: WebhookEventStatus;
  attempts: number;
  next_attempt_at: number;
  locked_until: number;
  last_error: string | null;
  received_at: number;
  processed_at: number | null;
}

/** Small named values jobs keep between runs, such as the event-recovery cursor. */
export interface JobStateTable {
  name: string;
  value: string;
}

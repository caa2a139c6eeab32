/**
 * The payment provider as the store needs it, apart from Stripe's SDK and wire format.
 *
 * Every call that creates or changes something takes an idempotency key derived from the
 * store's own ids (`checkout:ord_…`, `refund:ref_…`), never a random one: a retry after a crash
 * or a lost reply then reaches the same PaymentIntent or refund instead of making a second.
 */

export interface PaymentIntentState {
  id: string;
  status: string;
  amount: number;
  amountReceived: number;
  currency: string;
  /** The order the PaymentIntent was made for, as the store wrote it at creation. */
  orderId: string | null;
  latestChargeId: string | null;
  livemode: boolean;
}

export interface NewPaymentIntent extends PaymentIntentState {
  /** Shown once, to the order's owner, in the checkout answer; never stored or logged. */
  clientSecret: string;
}

export interface CheckoutSessionState {
  id: string;
  status: string;
  paymentStatus: string;
  amountTotal: number | null;
  currency: string | null;
  orderId: string | null;
  clientReferenceId: string | null;
  paymentIntentId: string | null;
  url: string | null;
  livemode: boolean;
}

export interface RefundState {
  id: string;
  amount: number;
  currency: string;
  status: string;
  paymentIntentId: string | null;
  /** The store's refund id, when the store asked for the refund. */
  storeRefundId: string | null;
}

export interface DisputeState {
  id: string;
  status: string;
  amount: number;
  currency: string;
  paymentIntentId: string | null;
}

export interface ProviderEvent {
  id: string;
  type: string;
  created: number;
  livemode: boolean;
  objectId: string | null;
  /** The PaymentIntent the object belongs to, when it names one. */
  paymentIntentId: string | null;
}

export interface OrderPaymentRequest {
  orderId: string;
  amount: number;
  currency: string;
  lines: Array<{ name: string; unitAmount: number; quantity: number }>;
  idempotencyKey: string;
}

export interface PaymentGateway {
  readonly publishableKey: string;

  createPaymentIntent(request: OrderPaymentRequest): Promise<NewPaymentIntent>;
  retrievePaymentIntent(id: string): Promise<PaymentIntentState>;
  cancelPaymentIntent(id: string, idempotencyKey: string): Promise<PaymentIntentState>;

  createCheckoutSession(
    request: OrderPaymentRequest & { successUrl: string; cancelUrl: string },
  ): Promise<CheckoutSessionState>;
  retrieveCheckoutSession(id: string): Promise<CheckoutSessionState>;
  expireCheckoutSession(id: string, idempotencyKey: string): Promise<CheckoutSessionState>;

  createRefund(request: {
    paymentIntentId: string;
    amount: number;
    storeRefundId: string;
    orderId: string;
    reason: string | null;
    idempotencyKey: string;
  }): Promise<RefundState>;
  listRefunds(paymentIntentId: string): Promise<RefundState[]>;
  retrieveDispute(id: string): Promise<DisputeState>;

  /** Events created at or after `since` (unix seconds), oldest first. */
  listEventsSince(since: number): AsyncIterable<ProviderEvent>;
}

/**
 * The provider could not be reached or did not answer in time: the outcome of a call that
 * changes something is unknown until it is retried with the same idempotency key.
 */
export class PaymentProviderUnavailable extends Error {
  override name = 'PaymentProviderUnavailable';
}

/**
 * The provider answered and refused (invalid state, amount over what remains, card declined).
 * `code` is the provider's own error code.
 */
export class PaymentProviderRefused extends Error {
  override name = 'PaymentProviderRefused';
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

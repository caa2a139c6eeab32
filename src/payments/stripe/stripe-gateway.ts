/** `PaymentGateway` over the official Stripe SDK. */
import type Stripe from 'stripe';
import type {
  CheckoutSessionState,
  DisputeState,
  NewPaymentIntent,
  OrderPaymentRequest,
  PaymentGateway,
  PaymentIntentState,
  ProviderEvent,
  RefundState,
} from '../payment-gateway.js';
import { callStripe } from './stripe-errors.js';

type Refundreason = Stripe.RefundCreateParams.Reason;
const STRIPE_REFUND_REASONS: readonly string[] = [
  'duplicate',
  'fraudulent',
  'requested_by_customer',
];

export class StripeGateway implements PaymentGateway {
  constructor(
    private readonly stripe: Stripe,
    readonly publishableKey: string,
  ) {}

  async createPaymentIntent(request: OrderPaymentRequest): Promise<NewPaymentIntent> {
    const intent = await callStripe(() =>
      this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency,
          automatic_payment_methods: { enabled: true },
          description: `Webstore order ${request.orderId}`,
          metadata: { order_id: request.orderId },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    if (!intent.client_secret) throw new Error(`PaymentIntent ${intent.id} has no client secret`);
    return { ...paymentIntentState(intent), clientSecret: intent.client_secret };
  }

  async retrievePaymentIntent(id: string): Promise<PaymentIntentState> {
    return paymentIntentState(await callStripe(() => this.stripe.paymentIntents.retrieve(id)));
  }

  async cancelPaymentIntent(id: string, idempotencyKey: string): Promise<PaymentIntentState> {
    const intent = await callStripe(() =>
      this.stripe.paymentIntents.cancel(id, {}, { idempotencyKey }),
    );
    return paymentIntentState(intent);
  }

  async createCheckoutSession(
    request: OrderPaymentRequest & { successUrl: string; cancelUrl: string },
  ): Promise<CheckoutSessionState> {
    const session = await callStripe(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: request.lines.map((line) => ({
            quantity: line.quantity,
            price_data: {
              currency: request.currency,
              unit_amount: line.unitAmount,
              product_data: { name: line.name },
            },
          })),
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          client_reference_id: request.orderId,
          metadata: { order_id: request.orderId },
          payment_intent_data: { metadata: { order_id: request.orderId } },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    return checkoutSessionState(session);
  }

  async retrieveCheckoutSession(id: string): Promise<CheckoutSessionState> {
    return checkoutSessionState(await callStripe(() => this.stripe.checkout.sessions.retrieve(id)));
  }

  async expireCheckoutSession(id: string, idempotencyKey: string): Promise<CheckoutSessionState> {
    const session = await callStripe(() =>
      this.stripe.checkout.sessions.expire(id, {}, { idempotencyKey }),
    );
    return checkoutSessionState(session);
  }

  async createRefund(request: {
    paymentIntentId: string;
    amount: number;
    storeRefundId: string;
    orderId: string;
    reason: string | null;
    idempotencyKey: string;
  }): Promise<RefundState> {
    const reason = STRIPE_REFUND_REASONS.includes(request.reason ?? '')
      ? (request.reason as Refundreason)
      : undefined;
    const refund = await callStripe(() =>
      this.stripe.refunds.create(
        {
          payment_intent: request.paymentIntentId,
          amount: request.amount,
          ...(reason ? { reason } : {}),
          metadata: { order_id: request.orderId, refund_id: request.storeRefundId },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    return refundState(refund);
  }

  async listRefunds(paymentIntentId: string): Promise<RefundState[]> {
    const refunds: RefundState[] = [];
    const list = this.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 });
    await callStripe(() => list.autoPagingEach((refund) => void refunds.push(refundState(refund))));
    return refunds;
  }

  async retrieveDispute(id: string): Promise<DisputeState> {
    const dispute = await callStripe(() => this.stripe.disputes.retrieve(id));
    return {
      id: dispute.id,
      status: dispute.status,
      amount: dispute.amount,
      currency: dispute.currency,
      paymentIntentId: idOf(dispute.payment_intent),
    };
  }

  async *listEventsSince(since: number): AsyncIterable<ProviderEvent> {
    // Stripe lists newest first; recovery wants oldest first, so a window is read whole.
    const events: ProviderEvent[] = [];
    const list = this.stripe.events.list({ created: { gte: since }, limit: 100 });
    await callStripe(() => list.autoPagingEach((event) => void events.push(providerEvent(event))));
    yield* events.reverse();
  }
}

function paymentIntentState(intent: Stripe.PaymentIntent): PaymentIntentState {
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount,
    amountReceived: intent.amount_received,
    currency: intent.currency,
    orderId: intent.metadata?.order_id ?? null,
    latestChargeId: idOf(intent.latest_charge),
    livemode: intent.livemode,
  };
}

function checkoutSessionState(session: Stripe.Checkout.Session): CheckoutSessionState {
  return {
    id: session.id,
    status: session.status ?? 'open',
    paymentStatus: session.payment_status,
    amountTotal: session.amount_total,
    currency: session.currency,
    orderId: session.metadata?.order_id ?? null,
    clientReferenceId: session.client_reference_id,
    paymentIntentId: idOf(session.payment_intent),
    url: session.url,
    livemode: session.livemode,
  };
}

function refundState(refund: Stripe.Refund): RefundState {
  return {
    id: refund.id,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status ?? 'pending',
    paymentIntentId: idOf(refund.payment_intent),
    storeRefundId: refund.metadata?.refund_id ?? null,
  };
}

function providerEvent(event: Stripe.Event): ProviderEvent {
  const object = event.data.object as { id?: unknown; object?: unknown; payment_intent?: unknown };
  const objectId = typeof object.id === 'string' ? object.id : null;
  const intent = object.payment_intent as string | { id: string } | null | undefined;
  return {
    id: event.id,
    type: event.type,
    created: event.created,
    livemode: event.livemode,
    objectId,
    paymentIntentId: object.object === 'payment_intent' ? objectId : idOf(intent),
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

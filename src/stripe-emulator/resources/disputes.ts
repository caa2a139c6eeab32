/**
 * Disputes: opened on a charge paid with the dispute test card (`pm_card_createDispute`,
 * 4000 0000 0000 0259), right after the payment succeeds, as in Stripe's test mode.
 * https://docs.stripe.com/testing#disputes
 */
import { nowSeconds, type RequestContext } from '../core/context.js';
import { stripeId } from '../core/ids.js';
import type { ChargeObject } from './charges.js';
import type { ResourceDeps } from './deps.js';

const RESPONSE_WINDOW_SECONDS = 7 * 24 * 60 * 60;

export interface DisputeObject {
  id: string;
  object: 'dispute';
  amount: number;
  balance_transactions: never[];
  charge: string;
  created: number;
  currency: string;
  evidence: Record<string, null>;
  evidence_details: {
    due_by: number;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
  };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string;
  status: 'needs_response';
}

/** Opens a fraud dispute for the whole of `charge` and emits `charge.dispute.created`. */
export function openDispute(
  deps: ResourceDeps,
  charge: ChargeObject,
  context: RequestContext,
): DisputeObject {
  const created = nowSeconds();
  const dispute = deps.store.insert<DisputeObject>({
    id: stripeId('dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    evidence: { customer_email_address: null, product_description: null, receipt: null },
    evidence_details: {
      due_by: created + RESPONSE_WINDOW_SECONDS,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: 'fraudulent',
    status: 'needs_response',
  });
  deps.store.save({ ...charge, disputed: true });
  deps.events.record('charge.dispute.created', dispute, context);
  return dispute;
}

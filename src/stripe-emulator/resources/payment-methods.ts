/**
 * Stripe's test payment methods: the `pm_card_…` tokens of the API and the test card numbers of
 * the hosted pages, each with the outcome Stripe gives it, plus a bank debit that settles later.
 * Confirming with a token creates a new PaymentMethod, as Stripe does.
 * https://docs.stripe.com/testing#cards
 */
import { nowSeconds } from '../core/context.js';
import { resourceMissing } from '../core/errors.js';
import { stripeId } from '../core/ids.js';
import type { ObjectStore } from '../store/object-store.js';

export type PaymentOutcome = 'succeed' | 'decline' | 'dispute' | 'async';

export interface TestCard {
  number: string;
  brand: string;
  outcome: Exclude<PaymentOutcome, 'async'>;
  declineCode?: string;
}

/** The test cards the emulator knows, by number. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', outcome: 'succeed' },
  { number: '5555555555554444', brand: 'mastercard', outcome: 'succeed' },
  { number: '4000000000000002', brand: 'visa', outcome: 'decline', declineCode: 'generic_decline' },
  {
    number: '4000000000009995',
    brand: 'visa',
    outcome: 'decline',
    declineCode: 'insufficient_funds',
  },
  { number: '4000000000000259', brand: 'visa', outcome: 'dispute' },
];

/** The API's test tokens and the card each stands for. */
const TOKENS: Record<string, string> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_createDispute: '4000000000000259',
};

export interface PaymentMethodObject {
  id: string;
  object: 'payment_method';
  created: number;
  livemode: false;
  type: 'card' | 'us_bank_account';
  billing_details: { address: null; email: null; name: null; phone: null };
  card?: { brand: string; last4: string; exp_month: number; exp_year: number; funding: 'credit' };
  us_bank_account?: { bank_name: string; last4: string; account_type: 'checking' };
  customer: null;
  metadata: Record<string, string>;
}

export function findTestCard(number: string): TestCard | undefined {
  return TEST_CARDS.find((card) => card.number === number);
}

/** A new PaymentMethod for `card`, stored. */
export function createCardPaymentMethod(store: ObjectStore, card: TestCard): PaymentMethodObject {
  return store.insert({
    ...base(),
    type: 'card',
    card: {
      brand: card.brand,
      last4: card.number.slice(-4),
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      funding: 'credit',
    },
  });
}

/** A new test bank account PaymentMethod: its debits stay `processing` until settled. */
export function createBankDebitPaymentMethod(store: ObjectStore): PaymentMethodObject {
  return store.insert({
    ...base(),
    type: 'us_bank_account',
    us_bank_account: { bank_name: 'STRIPE TEST BANK', last4: '6789', account_type: 'checking' },
  });
}

/** The PaymentMethod a request names: a test token (a new one each time) or a stored id. */
export function resolvePaymentMethod(store: ObjectStore, id: string): PaymentMethodObject {
  const token = TOKENS[id];
  const card = token === undefined ? undefined : findTestCard(token);
  if (card !== undefined) return createCardPaymentMethod(store, card);
  const found = store.find<PaymentMethodObject>('payment_method', id);
  if (found === null) throw resourceMissing('PaymentMethod', id, 'payment_method');
  return found;
}

/** What paying with `method` does, and the decline code when it declines. */
export function outcomeOf(method: PaymentMethodObject): {
  outcome: PaymentOutcome;
  declineCode?: string;
} {
  if (method.type === 'us_bank_account') return { outcome: 'async' };
  const last4 = method.card?.last4;
  const card = TEST_CARDS.find((candidate) => candidate.number.endsWith(last4 ?? '-'));
  return card === undefined ? { outcome: 'succeed' } : card;
}

function base() {
  return {
    id: stripeId('pm'),
    object: 'payment_method' as const,
    created: nowSeconds(),
    livemode: false as const,
    billing_details: { address: null, email: null, name: null, phone: null },
    customer: null,
    metadata: {},
  };
}

// The security-critical modules, in groups, each with the tests written for it (see
// stryker.config.mjs for why they are grouped).

export const GROUPS = {
  'webhook-verification': {
    mutate: [
      'src/webhooks/signature.ts',
      'src/webhooks/inbound-event.ts',
      'src/webhooks/receive.ts',
    ],
    tests: [
      'src/webhooks/signature.test.ts',
      'src/webhooks/inbound-event.test.ts',
      'src/webhooks/webhook.http.test.ts',
    ],
  },
  idempotency: {
    mutate: [
      'src/idempotency/fingerprint.ts',
      'src/idempotency/idempotency-store.ts',
      'src/idempotency/idempotency-plugin.ts',
    ],
    tests: [
      'src/idempotency/fingerprint.test.ts',
      'src/idempotency/idempotency-store.test.ts',
      'src/idempotency/idempotency.http.test.ts',
    ],
  },
  authorisation: {
    mutate: ['src/access/access-control.ts'],
    tests: [
      'src/access/access-control.test.ts',
      'test/http/bad-input.test.ts',
      'src/accounts/sessions.http.test.ts',
    ],
  },
  'payment-confirmation': {
    mutate: ['src/payments/payment-binding.ts', 'src/payments/payment-reconciler.ts'],
    tests: [
      'src/payments/payment-binding.test.ts',
      'src/payments/payment-reconciler.http.test.ts',
      'src/orders/orders.http.test.ts',
      'src/refunds/refunds.http.test.ts',
      'src/checkout/checkout.http.test.ts',
    ],
  },
  redaction: {
    mutate: ['src/logging/logger.ts'],
    tests: ['src/logging/logger.test.ts'],
  },
};

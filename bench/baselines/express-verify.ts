/**
 * The verify-only handler the webhook path is held against: Express with the raw body, and the
 * Stripe SDK's `constructEvent` as Stripe's own examples use it. It records nothing and keeps
 * no state, so it is what signature checking alone costs in the most common Node setup.
 */
import express from 'express';
import Stripe from 'stripe';

const secret = process.env.STRIPE_WEBHOOK_SECRET ?? '';
const stripe = new Stripe('sk_test_bench_baseline');
const app = express();

app.post('/webhooks/stripe', express.raw({ type: '*/*', limit: '1mb' }), (request, response) => {
  try {
    stripe.webhooks.constructEvent(request.body, request.get('stripe-signature') ?? '', secret);
  } catch {
    response.status(400).json({ error: 'signature_invalid' });
    return;
  }
  response.json({ received: true });
});
app.get('/ready', (_request, response) => {
  response.json({ ok: true });
});

app.listen(Number(process.env.PORT), '127.0.0.1');

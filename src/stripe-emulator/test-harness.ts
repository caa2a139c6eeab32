/**
 * Helpers for the emulator's own tests: an emulator with fast retries and a quiet logger, the
 * official SDK pointed at it, and a webhook receiver that checks every signature with the SDK.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Stripe from 'stripe';
import { createLogger, type Logger } from '../logging/logger.js';
import { startStripeEmulator, type StripeEmulator } from './emulator.js';
import type { StripeEmulatorOptions } from './options.js';

export const TEST_KEY = 'sk_test_emulator_tests';

/** Retry timing for tests: milliseconds, not minutes. */
export const FAST_DELIVERY = {
  initialDelayMs: 20,
  maxDelayMs: 80,
  maxAttempts: 4,
  timeoutMs: 1000,
};

/** The SDK as the store builds it, against the emulator. */
export function sdkFor(
  emulator: StripeEmulator,
  key = TEST_KEY,
  config: Stripe.StripeConfig = {},
): Stripe {
  return new Stripe(key, {
    host: emulator.host,
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    ...config,
  });
}

/** A logger whose lines the test can read. */
export function collectingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

export function quietLogger(): Logger {
  return createLogger({ level: 'silent' });
}

export async function startTestEmulator(
  options: StripeEmulatorOptions = {},
): Promise<StripeEmulator> {
  return startStripeEmulator({ logger: quietLogger(), delivery: FAST_DELIVERY, ...options });
}

/** One POST the receiver got. */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** The event, when its signature verified; null otherwise. */
  event: Stripe.Event | null;
}

/** A local webhook endpoint that verifies signatures with `stripe.webhooks.constructEvent`. */
export class WebhookReceiver {
  readonly deliveries: ReceivedDelivery[] = [];
  /** The status to answer with, by delivery number (0-based) and event. */
  respond: (index: number, event: Stripe.Event | null) => number = () => 200;
  /** How long to wait before answering, by delivery number. */
  delayMs: (index: number) => number = () => 0;
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly secret: () => string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhooks/stripe`;
  }

  /** Events whose signature verified, in the order received. */
  get events(): Stripe.Event[] {
    return this.deliveries.flatMap((delivery) => (delivery.event === null ? [] : [delivery.event]));
  }

  async start(port = 0): Promise<this> {
    const sdk = new Stripe('sk_test_receiver');
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let event: Stripe.Event | null = null;
        try {
          const header = request.headers['stripe-signature'] ?? '';
          event = sdk.webhooks.constructEvent(body, header, this.secret());
        } catch {
          event = null;
        }
        const index = this.deliveries.push({ headers: request.headers, body, event }) - 1;
        setTimeout(() => {
          response.statusCode = this.respond(index, event);
          response.end('{}');
        }, this.delayMs(index));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }
}

/** An emulator with a receiver already set as its webhook URL, and the SDK. */
export async function startWithReceiver(options: StripeEmulatorOptions = {}) {
  const emulator = await startTestEmulator(options);
  const receiver = await new WebhookReceiver(() => emulator.webhookSecret).start();
  emulator.setWebhookUrl(receiver.url);
  const stripe = sdkFor(emulator);
  return {
    emulator,
    receiver,
    stripe,
    close: async () => {
      await emulator.close();
      await receiver.close();
    },
  };
}

/** A PaymentIntent paid with `pm_card_visa`. */
export async function paidIntent(stripe: Stripe, amount = 2000): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
}

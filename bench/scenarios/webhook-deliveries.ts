/** Signed webhook deliveries at full speed, each a new event: the store and its baselines. */
import type { BenchOptions } from '../bench-options.js';
import { measure, type LoadResult, type LoadSpec } from '../load.js';
import type { ServerProcess } from '../processes.js';
import { eventBody, newEventId, signedDelivery } from '../signed-events.js';

export function deliveryLoad(url: string, secret: string, connections: number): LoadSpec {
  return {
    url,
    path: '/webhooks/stripe',
    method: 'POST',
    connections,
    nextRequest: () => {
      const delivery = signedDelivery(eventBody(newEventId()), secret);
      return {
        body: delivery.body,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': delivery.signature,
        },
      };
    },
  };
}

export function measureDeliveries(
  server: ServerProcess,
  secret: string,
  options: BenchOptions,
): Promise<LoadResult> {
  const load = {
    ...deliveryLoad(server.url, secret, options.connections),
    serverPid: server.child.pid,
  };
  return measure(load, options.warmupSeconds, options.measureSeconds);
}

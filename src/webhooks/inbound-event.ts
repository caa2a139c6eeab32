/**
 * Reading a verified webhook body as a Stripe event, keeping only the metadata the store acts
 * on. The payload itself is neither stored nor logged: every effect re-reads the object from
 * Stripe, so the event is a pointer ("look at pi_…"), not a source of facts.
 */

export interface InboundEvent {
  id: string;
  type: string;
  created: number;
  livemode: boolean;
  objectId: string | null;
  /** The PaymentIntent of the object, when the payload names one (PIs, charges, refunds…). */
  paymentIntentId: string | null;
}

/** The event in `rawBody`, or null when it is not JSON or not shaped as a Stripe event. */
export function parseInboundEvent(rawBody: Buffer): InboundEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(value) || value.object !== 'event') return null;

  const { id, type, created, livemode, data } = value;
  if (typeof id !== 'string' || !/^evt_[0-9A-Za-z_]{1,250}$/.test(id)) return null;
  if (typeof type !== 'string' || !/^[a-z_.]{1,100}$/.test(type)) return null;
  if (typeof created !== 'number' || !Number.isSafeInteger(created)) return null;
  if (typeof livemode !== 'boolean' || !isRecord(data) || !isRecord(data.object)) return null;

  const object = data.object;
  const objectId = stringId(object.id);
  const paymentIntentId =
    object.object === 'payment_intent' ? objectId : stringId(idOf(object.payment_intent));
  return { id, type, created, livemode, objectId, paymentIntentId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): unknown {
  return isRecord(value) ? value.id : value;
}

/** Ids are short tokens; anything else is not an id the store will ever look up. */
function stringId(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9A-Za-z_]{1,255}$/.test(value) ? value : null;
}

/**
 * What the resource modules share: the object store, the event log and the base URL of hosted
 * pages (known only once the server listens, and it may change across restarts).
 */
import type { EventLog } from '../events/event-log.js';
import type { ObjectStore } from '../store/object-store.js';

export interface ResourceDeps {
  store: ObjectStore;
  events: EventLog;
  publicUrl(): string;
}

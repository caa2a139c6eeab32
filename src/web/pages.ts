/**
 * The storefront's pages: one row per URL. Each page is the shared shell around a fragment
 * (`web/pages/<name>.html`) and loads one ES module (`web/assets/js/<name>.js`) that fills it
 * from the JSON API. The HTML carries no data, so every page is public; the API decides who
 * sees what.
 */
import { ORDER_STATUSES } from '../orders/order-states.js';
import { SECURITY_EVENT_TYPES } from '../security-events/security-events.js';
import { escapeHtml } from './shell.js';

/** Which navigation a page shows: the admin pages add the admin's own. */
export type Section = 'shop' | 'admin';

/** One page: where it is served and what it is made of. */
export interface PageSpec {
  path: string;
  /** Names the fragment and the module. */
  name: string;
  title: string;
  section: Section;
  /** Safe HTML for the fragment's `{{slot}}` markers: lists the server owns, never drifting. */
  slots?: Record<string, string>;
}

/** Statuses of the webhook inbox, as `GET /api/v1/admin/webhook-events?status=` takes them. */
const WEBHOOK_STATUSES = ['pending', 'processed', 'ignored', 'dead'];

/** Every page of the storefront and the admin. */
export const PAGES: readonly PageSpec[] = [
  { path: '/', name: 'catalogue', title: 'Catalogue', section: 'shop' },
  { path: '/products/:id', name: 'product', title: 'Product', section: 'shop' },
  { path: '/cart', name: 'cart', title: 'Cart', section: 'shop' },
  { path: '/checkout', name: 'checkout', title: 'Checkout', section: 'shop' },
  { path: '/signin', name: 'signin', title: 'Sign in', section: 'shop' },
  { path: '/signup', name: 'signup', title: 'Sign up', section: 'shop' },
  { path: '/orders', name: 'orders', title: 'Your orders', section: 'shop' },
  { path: '/orders/:id', name: 'order', title: 'Order', section: 'shop' },
  { path: '/admin', name: 'admin-home', title: 'Admin', section: 'admin' },
  { path: '/admin/products', name: 'admin-products', title: 'Products', section: 'admin' },
  {
    path: '/admin/orders',
    name: 'admin-orders',
    title: 'Orders',
    section: 'admin',
    slots: { status_options: options(ORDER_STATUSES) },
  },
  { path: '/admin/orders/:id', name: 'admin-order', title: 'Order', section: 'admin' },
  {
    path: '/admin/security-events',
    name: 'admin-security-events',
    title: 'Security events',
    section: 'admin',
    slots: { type_options: options(SECURITY_EVENT_TYPES) },
  },
  {
    path: '/admin/webhooks',
    name: 'admin-webhooks',
    title: 'Webhook events',
    section: 'admin',
    slots: { status_options: options(WEBHOOK_STATUSES) },
  },
];

/** `<option>`s for a filter, after an "all" option that sends no filter. */
function options(values: readonly string[]): string {
  const all = '<option value="">All</option>';
  return all + values.map((value) => `<option>${escapeHtml(value)}</option>`).join('');
}

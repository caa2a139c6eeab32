/** Every route of the contract, with what a valid request to it looks like. */
import type { SignedInUser } from '../support/fixtures.js';

export interface Fixtures {
  admin: SignedInUser;
  owner: SignedInUser;
  other: SignedInUser;
  productId: string;
  paidOrderId: string;
  pendingOrderId: string;
}

export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path as the OpenAPI document spells it. */
  template: string;
  /** The path, with `id` in place of the object's own when given. */
  path: (f: Fixtures, id?: string) => string;
  access: 'public' | 'signed_in' | 'admin';
  /** The object belongs to `owner`: anyone else gets 404. */
  owned?: boolean;
  body?: (f: Fixtures) => Record<string, unknown>;
  /** Values of a field that are valid after all (so not a wrong type). */
  accepts?: (field: string, value: unknown) => boolean;
  idempotency?: boolean;
  /** Ids that name nothing for this route: unknown, or of another kind. */
  withId?: (f: Fixtures) => string[];
}

const UNKNOWN_PRODUCT = 'prod_0000000000000000000000';
const UNKNOWN_ORDER = 'ord_0000000000000000000000';
const productIds = (f: Fixtures) => [UNKNOWN_PRODUCT, f.paidOrderId, 'prod_', 'x'.repeat(64)];
const orderIds = (f: Fixtures) => [UNKNOWN_ORDER, f.productId, f.owner.id, 'ord_'];
const credentials = () => ({ email: 'someone@example.test', password: 'a long enough password' });

export const ROUTES: RouteCase[] = [
  {
    method: 'POST',
    template: '/api/v1/auth/register',
    path: () => '/api/v1/auth/register',
    access: 'public',
    body: credentials,
  },
  {
    method: 'POST',
    template: '/api/v1/auth/login',
    path: () => '/api/v1/auth/login',
    access: 'public',
    body: credentials,
  },
  { method: 'GET', template: '/api/v1/me', path: () => '/api/v1/me', access: 'signed_in' },
  {
    method: 'GET',
    template: '/api/v1/storefront/config',
    path: () => '/api/v1/storefront/config',
    access: 'public',
  },
  { method: 'GET', template: '/api/v1/products', path: () => '/api/v1/products', access: 'public' },
  {
    method: 'GET',
    template: '/api/v1/products/{id}',
    path: (f, id) => `/api/v1/products/${id ?? f.productId}`,
    access: 'public',
    withId: productIds,
  },
  {
    method: 'GET',
    template: '/api/v1/admin/products',
    path: () => '/api/v1/admin/products',
    access: 'admin',
  },
  {
    method: 'POST',
    template: '/api/v1/admin/products',
    path: () => '/api/v1/admin/products',
    access: 'admin',
    body: () => ({
      name: 'Bad input',
      description: 'd',
      price: { amount: 100, currency: 'usd' },
      stock: 1,
    }),
    accepts: (field, value) => (field === 'name' || field === 'description') && value === 'text',
  },
  {
    method: 'PATCH',
    template: '/api/v1/admin/products/{id}',
    path: (f, id) => `/api/v1/admin/products/${id ?? f.productId}`,
    access: 'admin',
    body: () => ({ stock: 3, active: true }),
    accepts: (field, value) => field === 'active' && value === true,
    withId: productIds,
  },
  { method: 'GET', template: '/api/v1/cart', path: () => '/api/v1/cart', access: 'signed_in' },
  {
    method: 'PUT',
    template: '/api/v1/cart/items/{product_id}',
    path: (f, id) => `/api/v1/cart/items/${id ?? f.productId}`,
    access: 'signed_in',
    body: () => ({ quantity: 2 }),
    withId: productIds,
  },
  {
    method: 'DELETE',
    template: '/api/v1/cart/items/{product_id}',
    path: (f, id) => `/api/v1/cart/items/${id ?? f.productId}`,
    access: 'signed_in',
    withId: productIds,
  },
  {
    method: 'POST',
    template: '/api/v1/checkout',
    path: () => '/api/v1/checkout',
    access: 'signed_in',
    body: () => ({ flow: 'payment_intent' }),
    idempotency: true,
  },
  { method: 'GET', template: '/api/v1/orders', path: () => '/api/v1/orders', access: 'signed_in' },
  {
    method: 'GET',
    template: '/api/v1/orders/{id}',
    path: (f, id) => `/api/v1/orders/${id ?? f.paidOrderId}`,
    access: 'signed_in',
    owned: true,
    withId: orderIds,
  },
  {
    method: 'POST',
    template: '/api/v1/orders/{id}/cancel',
    path: (f, id) => `/api/v1/orders/${id ?? f.pendingOrderId}/cancel`,
    access: 'signed_in',
    owned: true,
    withId: orderIds,
  },
  {
    method: 'POST',
    template: '/api/v1/orders/{id}/refresh-payment',
    path: (f, id) => `/api/v1/orders/${id ?? f.pendingOrderId}/refresh-payment`,
    access: 'signed_in',
    owned: true,
    withId: orderIds,
  },
  {
    method: 'GET',
    template: '/api/v1/admin/orders',
    path: () => '/api/v1/admin/orders',
    access: 'admin',
  },
  {
    method: 'POST',
    template: '/api/v1/admin/orders/{id}/refunds',
    path: (f, id) => `/api/v1/admin/orders/${id ?? f.paidOrderId}/refunds`,
    access: 'admin',
    body: () => ({ amount: 100, reason: 'requested_by_customer' }),
    idempotency: true,
    withId: orderIds,
  },
  {
    method: 'GET',
    template: '/api/v1/admin/orders/{id}/refunds',
    path: (f, id) => `/api/v1/admin/orders/${id ?? f.paidOrderId}/refunds`,
    access: 'admin',
    withId: orderIds,
  },
  {
    method: 'GET',
    template: '/api/v1/admin/security-events',
    path: () => '/api/v1/admin/security-events',
    access: 'admin',
  },
  {
    method: 'GET',
    template: '/api/v1/admin/webhook-events',
    path: () => '/api/v1/admin/webhook-events',
    access: 'admin',
  },
  {
    method: 'POST',
    template: '/api/v1/admin/webhook-events/{id}/retry',
    path: (_f, id) => `/api/v1/admin/webhook-events/${id ?? 'evt_unknown'}/retry`,
    access: 'admin',
    withId: () => ['evt_unknown', 'ord_0000000000000000000000'],
  },
  // Last: a successful logout would end the owner's session for the cases after it.
  {
    method: 'POST',
    template: '/api/v1/auth/logout',
    path: () => '/api/v1/auth/logout',
    access: 'signed_in',
  },
];

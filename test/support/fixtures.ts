/** Accounts and products for tests, made through the API wherever the API can make them. */
import assert from 'node:assert/strict';
import { hashPassword } from '../../src/accounts/passwords.js';
import { randomBase62 } from '../../src/shared/ids.js';
import type { ApiClient } from './api-client.js';
import { rememberSecret } from './secrets.js';
import type { TestStore } from './test-store.js';

export interface SignedInUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBase62(10).toLowerCase()}@example.test`;
}

export async function signUp(api: ApiClient, prefix = 'customer'): Promise<SignedInUser> {
  const email = uniqueEmail(prefix);
  const password = `pw-${randomBase62(16)}`;
  const response = await api.post('/api/v1/auth/register', { body: { email, password } });
  assert.equal(response.status, 201, response.text);
  return { id: response.body.user.id, email, password, token: response.body.token };
}

/** An admin: created as the `create-admin` command would, then signed in through the API. */
export async function signUpAdmin(store: TestStore): Promise<SignedInUser> {
  const email = uniqueEmail('admin');
  const password = `pw-${randomBase62(16)}`;
  rememberSecret('password', password);
  const user = await store.ctx.users.create(email, await hashPassword(password), 'admin');
  assert.ok(user);
  const response = await store.api.post('/api/v1/auth/login', { body: { email, password } });
  assert.equal(response.status, 200, response.text);
  return { id: user.id, email, password, token: response.body.token };
}

export interface ProductInput {
  name?: string;
  amount?: number;
  currency?: string;
  stock?: number;
}

export async function addProduct(api: ApiClient, admin: SignedInUser, input: ProductInput = {}) {
  const response = await api.post('/api/v1/admin/products', {
    token: admin.token,
    body: {
      name: input.name ?? `Product ${randomBase62(6)}`,
      price: { amount: input.amount ?? 1500, currency: input.currency ?? 'usd' },
      stock: input.stock ?? 10,
    },
  });
  assert.equal(response.status, 201, response.text);
  return response.body as {
    id: string;
    price: { amount: number; currency: string };
    stock: number;
  };
}

export async function putInCart(
  api: ApiClient,
  user: SignedInUser,
  productId: string,
  quantity: number,
) {
  const response = await api.put(`/api/v1/cart/items/${productId}`, {
    token: user.token,
    body: { quantity },
  });
  assert.equal(response.status, 200, response.text);
  return response.body;
}

export function idempotencyKey(): string {
  return `key-${randomBase62(20)}`;
}

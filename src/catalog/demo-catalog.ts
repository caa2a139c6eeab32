/** A small demo catalogue, seeded by `npm start` when the catalogue is empty. */
import type { CatalogStore, NewProduct } from './catalog-store.js';

const DEMO_PRODUCTS: NewProduct[] = [
  {
    name: 'Enamel mug',
    description: 'Holds 350 ml of coffee, survives camping.',
    price: usd(1800),
    stock: 40,
  },
  {
    name: 'Linen tote bag',
    description: 'Undyed linen, long handles.',
    price: usd(2400),
    stock: 25,
  },
  {
    name: 'Notebook, dotted',
    description: 'A5, 120 pages of 100 g paper.',
    price: usd(1450),
    stock: 60,
  },
  {
    name: 'Brass pen',
    description: 'Refillable, ages to a warm patina.',
    price: usd(5200),
    stock: 12,
  },
  { name: 'Wool socks', description: 'Merino blend, one pair.', price: usd(1900), stock: 30 },
  {
    name: 'Last one standing',
    description: 'Only one in stock: try buying it twice.',
    price: usd(9900),
    stock: 1,
  },
];

/** Seeds the demo products once; returns how many were added (0 when there were products). */
export async function seedDemoCatalog(catalog: CatalogStore): Promise<number> {
  if (!(await catalog.isEmpty())) return 0;
  for (const product of DEMO_PRODUCTS) await catalog.create(product);
  return DEMO_PRODUCTS.length;
}

function usd(amount: number) {
  return { amount, currency: 'usd' };
}

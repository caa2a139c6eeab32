/** The catalogue: public reads at `/api/v1/products`, admin writes at `/api/v1/admin/products`. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../app-context.js';
import { orNotFound } from '../http/errors.js';
import { PageQuery, pageSchema } from '../http/pagination.js';
import { idParams, Money, problems } from '../http/schemas.js';

const ProductSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    price: Money,
    stock: Type.Integer(),
    active: Type.Boolean(),
  },
  { $id: 'Product' },
);

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 2000 });
const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const Price = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 99_999_999 }),
    currency: Type.String({ pattern: '^[a-z]{3}$' }),
  },
  { additionalProperties: false },
);

const NewProductBody = Type.Object(
  { name: Name, description: Type.Optional(Description), price: Price, stock: Stock },
  { additionalProperties: false },
);

const ProductPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    price: Type.Optional(Price),
    stock: Type.Optional(Stock),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const ListQuery = Type.Object(PageQuery, { additionalProperties: false });
const ProductParams = idParams('id', 'product');

type ListQueryType = Static<typeof ListQuery>;
type ProductParamsType = { id: string };

export function catalogRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: ListQueryType }>(
    '/api/v1/products',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'Active products, newest first',
        querystring: ListQuery,
        response: { 200: pageSchema(ProductSchema), ...problems(400) },
      },
    },
    async (request) => ctx.catalog.list(request.query),
  );

  app.get<{ Params: ProductParamsType }>(
    '/api/v1/products/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'One active product',
        params: ProductParams,
        response: { 200: ProductSchema, ...problems(404) },
      },
    },
    async (request) => orNotFound(await ctx.catalog.find(request.params.id)),
  );

  app.get<{ Querystring: ListQueryType }>(
    '/api/v1/admin/products',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalogue', 'admin'],
        summary: 'Every product, inactive ones included',
        querystring: ListQuery,
        response: { 200: pageSchema(ProductSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => ctx.catalog.list({ ...request.query, includeInactive: true }),
  );

  app.post<{ Body: Static<typeof NewProductBody> }>(
    '/api/v1/admin/products',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalogue', 'admin'],
        summary: 'Add a product',
        body: NewProductBody,
        response: { 201: ProductSchema, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await ctx.catalog.create(request.body)),
  );

  app.patch<{ Params: ProductParamsType; Body: Static<typeof ProductPatchBody> }>(
    '/api/v1/admin/products/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['catalogue', 'admin'],
        summary: 'Change a product: name, description, price, stock or active',
        params: ProductParams,
        body: ProductPatchBody,
        response: { 200: ProductSchema, ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => orNotFound(await ctx.catalog.update(request.params.id, request.body)),
  );
}

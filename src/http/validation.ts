/**
 * Request validation against the route schemas, with two Ajv instances.
 *
 * Bodies are JSON and must be exactly right: no coercion ("5" is not a quantity), no unknown
 * property silently dropped (an unknown field is an error, so `role` or `price` in a body is
 * refused rather than ignored). Query strings and path parameters arrive as text, so they are
 * coerced to the declared types.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is published as CommonJS with a default export under `default`.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

const shared: Options = {
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
  strict: false,
};

const bodyAjv = addFormats(new Ajv({ ...shared, coerceTypes: false }));
const textAjv = addFormats(new Ajv({ ...shared, coerceTypes: true }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object);
};

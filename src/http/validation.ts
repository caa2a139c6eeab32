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
  if (httpPart !== 'body') return textAjv.compile(schema as object);

  // An absent body reads as an empty object, so `POST /checkout` with no body means "all
  // defaults" and a body-less POST is checked against the same schema as `{}`.
  const validate = bodyAjv.compile(schema as object);
  const validateBody = Object.assign(
    (data: unknown) => {
      const valid = validate(data ?? {});
      validateBody.errors = validate.errors ?? null;
      return valid;
    },
    { errors: null as typeof validate.errors },
  );
  return validateBody;
};

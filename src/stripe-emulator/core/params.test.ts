import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseForm } from '../http/form.js';
import { StripeApiError } from './errors.js';
import { ParamReader } from './params.js';

const failure = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof StripeApiError);
    return error.body;
  }
  return assert.fail('expected a Stripe error');
};

describe('ParamReader', () => {
  it('should read typed values from a bracketed form body', () => {
    const raw = parseForm(
      'amount=100&confirm=true&line_items[0][quantity]=2&line_items[1][quantity]=3&expand[]=a',
    );
    const read = ParamReader.read(raw, (params) => ({
      amount: params.integer('amount'),
      confirm: params.boolean('confirm'),
      quantities: params.array('line_items', (item) => item.integer('quantity')),
      expand: params.stringArray('expand'),
    }));
    assert.deepEqual(read, { amount: 100, confirm: true, quantities: [2, 3], expand: ['a'] });
  });

  it('should read lists past qs array limit, given as index-keyed objects', () => {
    const body = Array.from({ length: 120 }, (_, i) => `items[${i}][n]=${i}`).join('&');
    const read = ParamReader.read(parseForm(body), (params) =>
      params.array('items', (item) => item.integer('n')),
    );
    assert.equal(read?.length, 120);
    assert.equal(read?.[119], 119);
  });

  it('should name the first unknown key with its full bracketed path', () => {
    const body = failure(() =>
      ParamReader.read(parseForm('a[b][c]=1'), (params) =>
        params.object('a', (a) => a.object('b', () => 1)),
      ),
    );
    assert.equal(body.code, 'parameter_unknown');
    assert.equal(body.param, 'a[b][c]');
  });

  it('should refuse bad integers, booleans and empty strings', () => {
    assert.equal(
      failure(() => ParamReader.read({ n: '1.5' }, (p) => p.integer('n'))).code,
      'parameter_invalid_integer',
    );
    assert.equal(
      failure(() => ParamReader.read({ n: '0' }, (p) => p.integer('n', { min: 1 }))).code,
      'parameter_invalid_integer',
    );
    assert.equal(failure(() => ParamReader.read({ b: 'yes' }, (p) => p.boolean('b'))).param, 'b');
    assert.equal(
      failure(() => ParamReader.read({ s: '' }, (p) => p.string('s'))).code,
      'parameter_invalid_empty',
    );
  });

  it('should read created as an exact second or a range', () => {
    assert.deepEqual(
      ParamReader.read({ created: '10' }, (p) => p.range('created')),
      { eq: 10 },
    );
    assert.deepEqual(
      ParamReader.read(parseForm('created[gte]=5&created[lt]=9'), (p) => p.range('created')),
      { gt: undefined, gte: 5, lt: 9, lte: undefined },
    );
  });
});

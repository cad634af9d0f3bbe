import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatGraphQLError } from '../../../src/graphql/errors.js';

/** A schema whose names invite each shape of graphql-js's suggestions. */
const schema = buildSchema(`
  interface Named { name: String }
  type Cat implements Named { name: String, meow: String }
  enum Kind { HC0 HC1 HC2 HC3 ONE }
  input Options { level: Float, label: String }
  type Query {
    named: Named
    lable: String
    label: String
    pick(kind: Kind, options: Options): String
  }
`);

/** The validation errors graphql-js itself gives for `document`. */
function errorsOf(document: string) {
  return validate(schema, parse(document));
}

describe('formatGraphQLError hiding suggestions', () => {
  it.each([
    ['one suggestion', '{ pick(kind: ONE, options: { levl: 1 }) }', 'Field "levl" is not defined by type "Options".'],
    ['two suggestions', '{ labe }', 'Cannot query field "labe" on type "Query".'],
    ['three or more, and words before them', '{ pick(kind: HC) }', 'Value "HC" does not exist in "Kind" enum.'],
    ['a fragment suggestion', '{ named { meow } }', 'Cannot query field "meow" on type "Named".'],
  ])('drops %s and keeps the problem', (_name, document, problem) => {
    const [error] = errorsOf(document);
    expect(error!.message).toMatch(/Did you mean/);
    const hidden = formatGraphQLError(error!.toJSON(), error, { hideSuggestions: true });
    expect(hidden.message).toBe(problem);
    expect(formatGraphQLError(error!.toJSON(), error).message).toBe(error!.message);
  });
});

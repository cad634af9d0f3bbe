import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelKey, modelPrefix } from '../../../src/models/keys.js';
import { InvalidTenantError } from '../../../src/models/tenant.js';

const ID = '0192f1c4-5b6e-7c3a-9d2e-1f0a2b3c4d5e';
/** Any UTF-16 string, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyString = fc.string({ unit: codeUnit, maxLength: 12 });
/** The reference for well-formedness: a string that survives a round trip through UTF-8. */
const roundTrips = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

describe('storage keys of tenants', () => {
  it('refuses the tenants that once collided through U+FFFD, in prefixes and keys alike', () => {
    expect(modelPrefix('team\ufffd')).toBe(`tenants/${Buffer.from('team\ufffd').toString('base64url')}/models/`);
    for (const tenant of ['team\ud800', 'team\udfff', '\udc00', 'a\ud83d', '\ude00b', '\udfff\ud800']) {
      expect(() => modelPrefix(tenant), JSON.stringify(tenant)).toThrow(InvalidTenantError);
      expect(() => modelKey(tenant, ID), JSON.stringify(tenant)).toThrow(/lone surrogate at index/);
    }
    // A surrogate pair is one well-formed code point.
    expect(modelPrefix('team\ud83d\ude00')).toBe(`tenants/${Buffer.from('team😀').toString('base64url')}/models/`);
  });

  it('builds a prefix exactly for the strings UTF-8 encodes losslessly, and throws for every other', () => {
    fc.assert(
      fc.property(anyString, (tenant) => {
        if (roundTrips(tenant)) expect(modelPrefix(tenant)).toMatch(/^tenants\/[\w-]*\/models\/$/);
        else expect(() => modelPrefix(tenant)).toThrow(InvalidTenantError);
      }),
      { numRuns: 5_000 },
    );
  });

  it('is injective: a prefix decodes back to exactly its tenant, so two tenants never share one', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        fc.pre(roundTrips(a) && roundTrips(b));
        const decode = (prefix: string) => Buffer.from(prefix.split('/')[1]!, 'base64url').toString('utf8');
        expect(decode(modelPrefix(a))).toBe(a);
        expect(modelPrefix(a) === modelPrefix(b)).toBe(a === b);
        expect(modelPrefix(a)).not.toBe(modelPrefix(undefined));
      }),
      { numRuns: 5_000 },
    );
  });
});

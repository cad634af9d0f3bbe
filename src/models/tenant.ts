/**
 * A tenant id must be well-formed Unicode: UTF-8, which storage keys are built from, cannot
 * encode a lone surrogate and would turn it into U+FFFD, so `team\ud800`, `team\udfff` and
 * `team\ufffd` would share one tenant's keys. Every other string encodes losslessly.
 */

/** The index of the first lone surrogate in `text`, or -1 when it is well-formed. */
export function loneSurrogateIndex(text: string): number {
  // With the `u` flag a surrogate pair is one code point, so \p{Cs} matches lone halves only.
  return text.search(/\p{Cs}/u);
}

/** Why `tenant` cannot name a tenant, or undefined when it can. */
export function tenantProblem(tenant: string): string | undefined {
  const at = loneSurrogateIndex(tenant);
  return at < 0 ? undefined : `not well-formed Unicode (a lone surrogate at index ${at})`;
}

/** A tenant id that would not encode losslessly reached the store: refused before any key is built. */
export class InvalidTenantError extends Error {
  override name = 'InvalidTenantError';
  constructor(problem: string) {
    super(`a tenant id is ${problem}; it cannot be stored without colliding with another tenant`);
  }
}

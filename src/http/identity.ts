import { tenantProblem } from '../models/index.js';
import type { Caller } from '../service/index.js';
import type { HttpRequest } from './types.js';

/** How callers are identified, and so which tenant's models a request sees. */
export interface TenancyPolicy {
  /** The JWT claim naming the tenant when API Gateway's JWT authorizer passed claims. */
  readonly tenantClaim: string;
  /** API keys (header `x-api-key`) mapped to tenants; when any are set, a key is required. */
  readonly apiKeys: ReadonlyMap<string, string>;
}

/** Who is calling, or why the request cannot be attributed to anyone (answered 401). */
export type Identification =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly reason: 'UNAUTHENTICATED' | 'MALFORMED_TENANT'; readonly message: string };

const SINGLE_TENANT: Identification = { ok: true, caller: { tenant: undefined } };

/**
 * The caller of a request: the tenant named by the JWT authorizer's claims in the cloud, or by
 * the API key locally. Without either configured, the service is single-tenant.
 */
export function identify(request: HttpRequest, policy: TenancyPolicy): Identification {
  if (request.claims) {
    const tenant = request.claims[policy.tenantClaim];
    if (typeof tenant !== 'string' || tenant === '') {
      return refused(`the token has no "${policy.tenantClaim}" claim to identify the tenant`);
    }
    // A claim that is not well-formed Unicode would share its storage keys with another tenant.
    const problem = tenantProblem(tenant);
    if (problem !== undefined) {
      const message = `the token's "${policy.tenantClaim}" claim is ${problem}, so it cannot name a tenant`;
      return { ok: false, reason: 'MALFORMED_TENANT', message };
    }
    return { ok: true, caller: { tenant } };
  }
  if (policy.apiKeys.size > 0) {
    const key = request.headers['x-api-key'];
    const tenant = key === undefined ? undefined : policy.apiKeys.get(key);
    if (tenant === undefined) {
      return refused(key === undefined ? 'an x-api-key header is required' : 'the x-api-key is not valid');
    }
    return { ok: true, caller: { tenant } };
  }
  return SINGLE_TENANT;
}

function refused(message: string): Identification {
  return { ok: false, reason: 'UNAUTHENTICATED', message };
}

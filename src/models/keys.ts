import type { Tenant } from './ModelRepository.js';
import { assertModelId } from './modelId.js';
import { InvalidTenantError, tenantProblem } from './tenant.js';

/**
 * The storage key prefix of a tenant's models: `models/` in single-tenant mode, and
 * `tenants/{base64url(utf8(tenant))}/models/` per tenant, so no tenant id can reach another's
 * keys. The encoding is injective on well-formed strings only, so any other tenant id throws.
 */
export function modelPrefix(tenant: Tenant): string {
  if (tenant === undefined) return 'models/';
  const problem = tenantProblem(tenant);
  if (problem !== undefined) throw new InvalidTenantError(problem);
  return `tenants/${Buffer.from(tenant, 'utf8').toString('base64url')}/models/`;
}

/** The key of one model document; the id is validated first, so no input builds a path. */
export function modelKey(tenant: Tenant, id: string): string {
  return `${modelPrefix(tenant)}${assertModelId(id)}.json`;
}

/** The model id in a key listed under `prefix`, or undefined for a key that is not a model. */
export function idFromKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(prefix) || !key.endsWith('.json')) return undefined;
  const id = key.slice(prefix.length, -'.json'.length);
  return /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

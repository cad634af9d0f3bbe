import type { ModelDocument } from '../../src/models/document.js';
import { InMemoryModelRepository } from '../../src/models/InMemoryModelRepository.js';
import type { ModelPage, ModelRepository, PageRequest, Tenant } from '../../src/models/ModelRepository.js';

export type StoreCall = 'save' | 'get' | 'list' | 'delete';

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * One call that reached the store and is held there: it takes effect on the real in-memory store
 * when the test calls `apply()` (a read reads then, a write writes then), and its caller hears
 * back only when the test calls `answer()` or `fail()`. So a read can see the store as it was
 * and answer long after a delete, as a slow S3 GET or file read does.
 */
export class HeldCall<T = unknown> {
  private outcome: Promise<Outcome<T>> | undefined;

  constructor(
    readonly kind: StoreCall,
    private readonly perform: () => Promise<T>,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  /** The call takes effect on the store now. */
  apply(): Promise<Outcome<T>> {
    this.outcome ??= this.perform().then(
      (value) => ({ ok: true, value }) as const,
      (error: unknown) => ({ ok: false, error }) as const,
    );
    return this.outcome;
  }

  /** The caller gets the call's result, the call taking effect first if it has not yet. */
  async answer(): Promise<void> {
    const outcome = await this.apply();
    if (outcome.ok) this.resolve(outcome.value);
    else this.reject(outcome.error);
  }

  /** The caller gets `error`; the call took effect only if `apply()` was called (an answer lost). */
  fail(error: unknown): void {
    this.reject(error);
  }
}

/**
 * A real in-memory store whose calls the test lets through one step at a time. While `holding`
 * is false, calls go straight to the store; while it is true, each call waits in `held` until
 * the test takes it (`take`) and applies and answers it. `calls` counts what reached the store.
 */
export class GatedRepository implements ModelRepository {
  readonly store = new InMemoryModelRepository();
  holding = false;
  readonly calls: Record<StoreCall, number> = { save: 0, get: 0, list: 0, delete: 0 };
  private readonly held: HeldCall<any>[] = [];

  save(document: ModelDocument): Promise<void> {
    return this.pass('save', () => this.store.save(document));
  }

  get(tenant: Tenant, id: string): Promise<ModelDocument | undefined> {
    return this.pass('get', () => this.store.get(tenant, id));
  }

  list(tenant: Tenant, page: PageRequest): Promise<ModelPage> {
    return this.pass('list', () => this.store.list(tenant, page));
  }

  delete(tenant: Tenant, id: string): Promise<boolean> {
    return this.pass('delete', () => this.store.delete(tenant, id));
  }

  /** Counting is not gated: the interleavings under test are of reads and writes. */
  count(tenant: Tenant, name?: string): Promise<number> {
    return this.store.count(tenant, name);
  }

  /** The oldest held call of this kind, removed from the waiting ones; throws if none is held. */
  take<T = any>(kind: StoreCall): HeldCall<T> {
    const index = this.held.findIndex((call) => call.kind === kind);
    if (index < 0) {
      const held = this.held.map((call) => call.kind).join(', ') || 'none';
      throw new Error(`no ${kind} call is held (held: ${held})`);
    }
    return this.held.splice(index, 1)[0]!;
  }

  /** How many calls are held and not yet taken. */
  get waiting(): number {
    return this.held.length;
  }

  private pass<T>(kind: StoreCall, perform: () => Promise<T>): Promise<T> {
    this.calls[kind]++;
    if (!this.holding) return perform();
    // Registered synchronously, so the call is there to take as soon as the caller has made it.
    return new Promise<T>((resolve, reject) => this.held.push(new HeldCall(kind, perform, resolve, reject)));
  }
}

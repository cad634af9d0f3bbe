/**
 * What the service reports through its metrics interface (src/service/serviceMetrics.ts): a fit
 * once it is stored, with the rows it used; a prediction with its rows; a failure by the public
 * reason its client is told, and nothing else for it. The Lambda's CloudWatch implementation is
 * read from the bundle's output in test/integration/lambdaObservability.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryModelRepository, type ModelDocument } from '../../../src/models/index.js';
import { RegressionService, type ServiceMetrics, type ServiceOperation } from '../../../src/service/index.js';
import { SEED_ROWS } from '../../support/seed.js';

/** Keeps what it is told, in order. */
class RecordedMetrics implements ServiceMetrics {
  readonly events: (readonly [string, ...unknown[]])[] = [];
  fitted(rows: number, seconds: number): void {
    this.events.push(['fitted', rows, seconds]);
  }
  predicted(rows: number): void {
    this.events.push(['predicted', rows]);
  }
  failed(operation: ServiceOperation, reason: string): void {
    this.events.push(['failed', operation, reason]);
  }
}

class FailingStore extends InMemoryModelRepository {
  override async save(_document: ModelDocument): Promise<void> {
    throw new Error('disk on fire');
  }
}

const caller = { tenant: undefined };
const seed = { formula: 'Outcome ~ Treatment', data: { kind: 'records' as const, rows: SEED_ROWS } };

describe('the service metrics', () => {
  it('counts a stored fit with the rows it used (after dropping missing ones) and its time', async () => {
    const metrics = new RecordedMetrics();
    const service = new RegressionService({ repository: new InMemoryModelRepository(), metrics });
    const rows = [...SEED_ROWS, { Treatment: 'B', Outcome: null }];
    const started = performance.now();
    const document = await service.fit({ ...seed, data: { kind: 'records', rows } }, caller);
    const elapsed = (performance.now() - started) / 1000;
    expect(document.rowsDropped).toBe(1);
    expect(metrics.events).toHaveLength(1);
    const [kind, fitted, seconds] = metrics.events[0]!;
    expect([kind, fitted]).toEqual(['fitted', 10]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(elapsed);
  });

  it('counts a prediction with its rows', async () => {
    const metrics = new RecordedMetrics();
    const service = new RegressionService({ repository: new InMemoryModelRepository(), metrics });
    const { id } = await service.fit(seed, caller);
    const rows = [{ Treatment: 'A' }, { Treatment: 'B' }, { Treatment: 'B' }];
    await service.predict({ modelId: id, data: { kind: 'records', rows } }, caller);
    expect(metrics.events.slice(1)).toEqual([['predicted', 3]]);
  });

  it.each([
    ['a formula that does not parse', { ...seed, formula: 'Outcome ~ (Treatment' }, 'FORMULA_SYNTAX'],
    ['a column that is not in the data', { ...seed, formula: 'Outcome ~ Dose' }, 'UNKNOWN_VARIABLE'],
  ])('counts a fit refused for %s by its reason, and no fit', async (_name, request, reason) => {
    const metrics = new RecordedMetrics();
    const service = new RegressionService({ repository: new InMemoryModelRepository(), metrics });
    const refusal = await service.fit(request, caller).then(
      () => undefined,
      (error: unknown) => error as { reason?: string },
    );
    expect(refusal?.reason).toBe(reason);
    expect(metrics.events).toEqual([['failed', 'fit', reason]]);
  });

  it('counts a fit the store failed as INTERNAL, as its client is told', async () => {
    const metrics = new RecordedMetrics();
    const service = new RegressionService({ repository: new FailingStore(), metrics });
    await expect(service.fit(seed, caller)).rejects.toThrow('disk on fire');
    expect(metrics.events).toEqual([['failed', 'fit', 'INTERNAL']]);
  });

  it('counts predictions refused: an unknown model, an unseen level', async () => {
    const metrics = new RecordedMetrics();
    const service = new RegressionService({ repository: new InMemoryModelRepository(), metrics });
    const { id } = await service.fit(seed, caller);
    const unknown = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const rows = (level: string) => ({ kind: 'records' as const, rows: [{ Treatment: level }] });
    await expect(service.predict({ modelId: unknown, data: rows('A') }, caller)).rejects.toThrow();
    await expect(service.predict({ modelId: id, data: rows('C') }, caller)).rejects.toThrow();
    expect(metrics.events.slice(1)).toEqual([
      ['failed', 'predict', 'MODEL_NOT_FOUND'],
      ['failed', 'predict', 'UNSEEN_LEVEL'],
    ]);
  });
});

/**
 * The model cache against every interleaving of reads, deletes and saves of one key, on a real
 * in-memory store whose calls the test lets take effect and answer one step at a time
 * (test/support/gatedRepository.ts). A delete through the cache is final for this process: once
 * it answered true, no read or listing answers the model again; a failed delete hides nothing;
 * every answer is one the store could have given at some instant of the request; and nothing is
 * kept once the operations have settled.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CachingModelRepository } from '../../../src/models/CachingModelRepository.js';
import type { ModelDocument } from '../../../src/models/document.js';
import { ModelStoreUnavailableError } from '../../../src/models/errors.js';
import { sampleDocument } from '../../support/documents.js';
import { GatedRepository, type HeldCall } from '../../support/gatedRepository.js';

const outage = () => new ModelStoreUnavailableError('the store is unreachable');

/** A cache over a gated store holding `document`, cached or not; every later store call is held. */
interface Setup {
  readonly gated: GatedRepository;
  readonly repository: CachingModelRepository;
  readonly document: ModelDocument;
}

async function setUp(cached: boolean): Promise<Setup> {
  const gated = new GatedRepository();
  const repository = new CachingModelRepository(gated, 1 << 20);
  const document = sampleDocument();
  if (cached) await repository.save(document);
  else await gated.store.save(document);
  gated.holding = true;
  return { gated, repository, document };
}

/** A read after everything settled, store calls let through: what it answers, and whether it asked the store. */
async function readAfterwards(gated: GatedRepository, repository: CachingModelRepository, id: string) {
  gated.holding = false;
  const before = gated.calls.get;
  const document = await repository.get(undefined, id);
  return { document, askedTheStore: gated.calls.get > before };
}

describe('CachingModelRepository: a read racing a delete', () => {
  it('a read that saw the model before a delete, answering after it answered true, answers undefined', async () => {
    const { gated, repository, document } = await setUp(false);
    const read = repository.get(undefined, document.id);
    const get = gated.take('get');
    await get.apply(); // the store still holds the model
    const deletion = repository.delete(undefined, document.id);
    await gated.take('delete').answer();
    expect(await deletion).toBe(true);
    await get.answer();
    expect(await read).toBeUndefined();
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document: undefined, askedTheStore: true });
    expect(await gated.store.get(undefined, document.id)).toBeUndefined();
    expect(repository.keysInFlight).toBe(0);
  });

  it('a read that started while the delete was in flight and answered first gets the model, uncached', async () => {
    const { gated, repository, document } = await setUp(true);
    const deletion = repository.delete(undefined, document.id);
    const heldDelete = gated.take('delete');
    const read = repository.get(undefined, document.id); // evicted: it reaches the store
    await gated.take('get').answer();
    expect(await read).toEqual(document); // the delete has not answered: the model was still there
    await heldDelete.answer();
    expect(await deletion).toBe(true);
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document: undefined, askedTheStore: true });
    expect(repository.keysInFlight).toBe(0);
  });

  it('a read that started during a delete, answering after the delete answered true, answers undefined', async () => {
    const { gated, repository, document } = await setUp(true);
    const deletion = repository.delete(undefined, document.id);
    const heldDelete = gated.take('delete');
    const read = repository.get(undefined, document.id);
    const get = gated.take('get');
    await get.apply();
    await heldDelete.answer();
    expect(await deletion).toBe(true);
    await get.answer();
    expect(await read).toBeUndefined();
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document: undefined, askedTheStore: true });
  });

  it('a read that started after the delete answered true asks the store, which no longer has the model', async () => {
    const { gated, repository, document } = await setUp(true);
    const deletion = repository.delete(undefined, document.id);
    await gated.take('delete').answer();
    expect(await deletion).toBe(true);
    const read = repository.get(undefined, document.id);
    await gated.take('get').answer();
    expect(await read).toBeUndefined();
    expect(repository.keysInFlight).toBe(0);
  });
});

describe('CachingModelRepository: deletes that fail or overlap', () => {
  it('a delete that fails hides nothing: reads during it answer the model, the next read caches it again', async () => {
    const { gated, repository, document } = await setUp(true);
    const deletion = repository.delete(undefined, document.id);
    const heldDelete = gated.take('delete');
    const read = repository.get(undefined, document.id);
    const get = gated.take('get');
    heldDelete.fail(outage());
    await expect(deletion).rejects.toBeInstanceOf(ModelStoreUnavailableError);
    await get.answer();
    expect(await read).toEqual(document);
    expect(repository.keysInFlight).toBe(0);
    // Not cached by the read that overlapped the delete; cached by the next one.
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document, askedTheStore: true });
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document, askedTheStore: false });
  });

  it('a delete whose answer was lost after it took effect: the model is gone, and no read brings it back', async () => {
    const { gated, repository, document } = await setUp(true);
    const deletion = repository.delete(undefined, document.id);
    const heldDelete = gated.take('delete');
    await heldDelete.apply();
    heldDelete.fail(outage());
    await expect(deletion).rejects.toBeInstanceOf(ModelStoreUnavailableError);
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document: undefined, askedTheStore: true });
  });

  it('two deletes overlapping: a read between them is not cached, although the first one settled', async () => {
    const { gated, repository, document } = await setUp(true);
    const first = repository.delete(undefined, document.id);
    const firstHeld = gated.take('delete');
    const second = repository.delete(undefined, document.id);
    const secondHeld = gated.take('delete');
    firstHeld.fail(outage());
    await expect(first).rejects.toBeInstanceOf(ModelStoreUnavailableError);
    const read = repository.get(undefined, document.id);
    await gated.take('get').answer();
    expect(await read).toEqual(document); // the second delete has not taken effect yet
    await secondHeld.answer();
    expect(await second).toBe(true);
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document: undefined, askedTheStore: true });
    expect(repository.keysInFlight).toBe(0);
  });
});

describe('CachingModelRepository: saves', () => {
  it('caches a saved document: the next read does not reach the store', async () => {
    const gated = new GatedRepository();
    const repository = new CachingModelRepository(gated, 1 << 20);
    const document = sampleDocument();
    await repository.save(document);
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document, askedTheStore: false });
  });

  for (const order of ['save first', 'delete first'] as const) {
    it(`a save and a delete overlapping (${order}) cache nothing; later reads answer what the store has`, async () => {
      const gated = new GatedRepository();
      const repository = new CachingModelRepository(gated, 1 << 20);
      const document = sampleDocument();
      gated.holding = true;
      const saving = repository.save(document);
      const save = gated.take('save');
      const deletion = repository.delete(undefined, document.id);
      const heldDelete = gated.take('delete');
      const calls: [HeldCall, HeldCall] = order === 'save first' ? [save, heldDelete] : [heldDelete, save];
      const [firstCall, secondCall] = calls;
      await firstCall.answer();
      await secondCall.answer();
      await saving;
      expect(await deletion).toBe(order === 'save first');
      const stored = await gated.store.get(undefined, document.id);
      expect(stored === undefined).toBe(order === 'save first');
      expect(await readAfterwards(gated, repository, document.id)).toEqual({ document: stored, askedTheStore: true });
      expect(repository.keysInFlight).toBe(0);
    });
  }

  it('a save after a delete answered lets a read still in flight answer what it read (the model is back)', async () => {
    const { gated, repository, document } = await setUp(false);
    const read = repository.get(undefined, document.id);
    const get = gated.take('get');
    await get.apply();
    const deletion = repository.delete(undefined, document.id);
    await gated.take('delete').answer();
    expect(await deletion).toBe(true);
    const saving = repository.save(document);
    await gated.take('save').answer();
    await saving;
    await get.answer();
    expect(await read).toEqual(document);
    expect(await readAfterwards(gated, repository, document.id)).toEqual({ document, askedTheStore: false });
  });
});

describe('CachingModelRepository: listings and memory', () => {
  it('a listing in flight when a delete answers true leaves the deleted model out', async () => {
    const gated = new GatedRepository();
    const repository = new CachingModelRepository(gated, 1 << 20);
    const [kept, deleted] = [sampleDocument({ name: 'kept' }), sampleDocument({ name: 'deleted' })];
    await gated.store.save(kept);
    await gated.store.save(deleted);
    gated.holding = true;
    const listing = repository.list(undefined, { first: 10 });
    const list = gated.take('list');
    await list.apply(); // the store still lists both
    const deletion = repository.delete(undefined, deleted.id);
    await gated.take('delete').answer();
    expect(await deletion).toBe(true);
    await list.answer();
    expect((await listing).models.map((model) => model.name)).toEqual(['kept']);
  });

  it('keeps nothing for operations that have settled, however many ran at once', async () => {
    const gated = new GatedRepository();
    const repository = new CachingModelRepository(gated, 1 << 20);
    const documents = Array.from({ length: 300 }, () => sampleDocument());
    await Promise.all(documents.map((document) => repository.save(document)));
    const results = await Promise.all(
      documents.flatMap((document) => [
        repository.get(undefined, document.id),
        repository.delete(undefined, document.id),
        repository.get(undefined, document.id),
        repository.list(undefined, { first: 5 }),
      ]),
    );
    expect(results.filter((result) => result === true)).toHaveLength(documents.length);
    expect(repository.keysInFlight).toBe(0);
    for (const document of documents) expect(await repository.get(undefined, document.id)).toBeUndefined();
  });
});

// Every interleaving of a few operations on one key, each in three steps: it starts (calls the
// cache), its store call takes effect, and the store answers it.

type Outcome = 'ok' | 'lost' | 'refused';
interface Op {
  readonly kind: 'get' | 'delete' | 'save';
  /** For a delete: answered normally, failed after taking effect (answer lost), or refused. */
  readonly outcome?: Outcome;
}
type Phase = 'start' | 'apply' | 'answer';
interface Step {
  readonly op: number;
  readonly phase: Phase;
}

/** Every merge of the operations' step sequences that keeps each operation's own order. */
function interleavings(count: number): Step[][] {
  const phases: Phase[] = ['start', 'apply', 'answer'];
  const schedules: Step[][] = [];
  const next = new Array<number>(count).fill(0);
  const walk = (schedule: Step[]) => {
    if (schedule.length === count * 3) {
      schedules.push([...schedule]);
      return;
    }
    for (let op = 0; op < count; op++) {
      if (next[op]! === 3) continue;
      schedule.push({ op, phase: phases[next[op]!]! });
      next[op]!++;
      walk(schedule);
      next[op]!--;
      schedule.pop();
    }
  };
  walk([]);
  return schedules;
}

interface Run {
  startStep: number;
  answerStep: number;
  applyStep?: number;
  result?: unknown;
  error?: unknown;
}

/** Runs one schedule; returns what each operation answered and whether the store held the model after each step. */
async function runSchedule(ops: readonly Op[], schedule: readonly Step[], initially: 'absent' | 'stored' | 'cached') {
  const gated = new GatedRepository();
  const repository = new CachingModelRepository(gated, 1 << 20);
  const document = sampleDocument();
  if (initially === 'cached') await repository.save(document);
  if (initially === 'stored') await gated.store.save(document);
  const present = async () => (await gated.store.get(undefined, document.id)) !== undefined;
  const presence = [await present()]; // presence[i + 1]: after step i
  gated.holding = true;
  const runs: Run[] = ops.map(() => ({ startStep: -1, answerStep: -1 }));
  const promises: Promise<void>[] = [];
  const held: (HeldCall | undefined)[] = [];
  for (const [index, { op, phase }] of schedule.entries()) {
    const { kind, outcome = 'ok' } = ops[op]!;
    const run = runs[op]!;
    if (phase === 'start') {
      run.startStep = index;
      const call =
        kind === 'get'
          ? repository.get(undefined, document.id)
          : kind === 'delete'
            ? repository.delete(undefined, document.id)
            : repository.save(document);
      promises[op] = call.then(
        (result) => void (run.result = result),
        (error: unknown) => void (run.error = error),
      );
      held[op] = gated.waiting > 0 ? gated.take(kind) : undefined;
      if (held[op] === undefined) {
        // Answered from memory, at once.
        await promises[op];
        run.answerStep = index;
      }
    } else if (phase === 'apply') {
      if (held[op] && outcome !== 'refused') {
        await held[op].apply();
        run.applyStep = index;
      }
    } else if (held[op]) {
      if (outcome === 'ok') await held[op].answer();
      else held[op].fail(outage());
      await promises[op];
      run.answerStep = index;
    }
    // Only a store call taking effect changes what the store holds.
    presence.push(phase === 'apply' ? await present() : presence.at(-1)!);
  }
  const afterwards = [];
  for (let read = 0; read < 2; read++) afterwards.push(await readAfterwards(gated, repository, document.id));
  return { runs, presence, document, stored: await present(), afterwards, keysInFlight: repository.keysInFlight };
}

function overlap(a: Run, b: Run): boolean {
  return a.startStep < b.answerStep && b.startStep < a.answerStep;
}

/** Runs every interleaving of `ops`; returns how many there were and what went wrong in them. */
async function checkEveryInterleaving(ops: readonly Op[], initially: 'absent' | 'stored' | 'cached') {
  const schedules = interleavings(ops.length);
  const problems: string[] = [];
  for (const schedule of schedules) {
    const { runs, presence, document, stored, afterwards, keysInFlight } = await runSchedule(ops, schedule, initially);
    const where = `${schedule.map((step) => `${step.op}.${step.phase}`).join(' ')}`;
    const wrong = (what: string) => problems.push(`${where}: ${what}`);
    const saves = runs.filter((_, op) => ops[op]!.kind === 'save');
    ops.forEach((op, index) => {
      const run = runs[index]!;
      if (op.kind === 'delete') {
        // It answers whether the store held the model just before the delete took effect.
        const right =
          op.outcome === 'ok'
            ? run.result === presence[run.applyStep!]
            : run.error instanceof ModelStoreUnavailableError;
        if (!right) wrong(`delete ${index} answered ${String(run.result)}`);
      }
      if (op.kind !== 'get') return;
      const found = run.result !== undefined;
      if (run.error !== undefined || (found && !isDeepStrictEqual(run.result, document))) {
        wrong(`read ${index} failed or changed`);
      }
      // Linearizable: the store was in the state the read answered at some instant of the read.
      const statesDuring = presence.slice(run.startStep + 1, run.answerStep + 2);
      if (!statesDuring.includes(found)) wrong(`read ${index} answered ${found}`);
      // Final: a delete that answered true before the read answered, with no save overlapping or following it.
      for (const deletion of runs.filter((_, other) => ops[other]!.kind === 'delete')) {
        if (deletion.result !== true || deletion.answerStep >= run.answerStep) continue;
        if (saves.some((save) => overlap(save, deletion) || save.startStep > deletion.answerStep)) continue;
        if (found) wrong(`read ${index} answered the model after a delete answered true (step ${deletion.answerStep})`);
      }
    });
    // Nothing stale is left in memory, and nothing is hidden: later reads answer what the store holds.
    if (afterwards.some((read) => (read.document !== undefined) !== stored)) {
      wrong(`later reads disagree with the store (${stored})`);
    }
    if (keysInFlight !== 0) wrong(`${keysInFlight} keys still tracked`);
  }
  return { schedules: schedules.length, problems };
}

/** 9! / (3! 3! 3!) interleavings of three operations of three steps each, all of them right. */
const ALL_CLEAR = { schedules: 1680, problems: [] };

describe('CachingModelRepository: every interleaving', () => {
  for (const initially of ['stored', 'cached'] as const) {
    for (const outcome of ['ok', 'lost', 'refused'] as const) {
      it(`two reads and a delete (${outcome}) of a model ${initially}`, async () => {
        const ops: Op[] = [{ kind: 'get' }, { kind: 'get' }, { kind: 'delete', outcome }];
        expect(await checkEveryInterleaving(ops, initially)).toEqual(ALL_CLEAR);
      });
    }
    it(`a read and two deletes, the first refused, of a model ${initially}`, async () => {
      const ops: Op[] = [{ kind: 'get' }, { kind: 'delete', outcome: 'refused' }, { kind: 'delete', outcome: 'ok' }];
      expect(await checkEveryInterleaving(ops, initially)).toEqual(ALL_CLEAR);
    });
    it(`a read and two deletes of a model ${initially}`, async () => {
      const ops: Op[] = [{ kind: 'get' }, { kind: 'delete', outcome: 'ok' }, { kind: 'delete', outcome: 'ok' }];
      expect(await checkEveryInterleaving(ops, initially)).toEqual(ALL_CLEAR);
    });
  }

  it('a save, a read and a delete of a new model', async () => {
    const ops: Op[] = [{ kind: 'save' }, { kind: 'get' }, { kind: 'delete', outcome: 'ok' }];
    expect(await checkEveryInterleaving(ops, 'absent')).toEqual(ALL_CLEAR);
  });
});

import { RecordsTable } from '../../src/data/index.js';
import { buildTrainingDesign } from '../../src/formula/index.js';
import { MODEL_SCHEMA_VERSION, newModelId, type ModelDocument } from '../../src/models/index.js';
import { fitDesign } from '../../src/service/fitDesign.js';
import { SEED_ROWS } from './seed.js';

let seedFit: Pick<ModelDocument, 'design' | 'fit'> | undefined;

/** The seed A/B model's design and fit, computed once by the real formula and stats modules. */
function seedModel(): Pick<ModelDocument, 'design' | 'fit'> {
  if (!seedFit) {
    const design = buildTrainingDesign('Outcome ~ Treatment', new RecordsTable(SEED_ROWS), { missing: 'drop' });
    const fit = fitDesign(design, { covType: 'nonrobust', useT: true });
    seedFit = { design: design.spec, fit };
  }
  return seedFit;
}

/** A well-formed model document (the seed's A/B model) with a fresh id, for storage tests. */
export function sampleDocument(overrides: Partial<ModelDocument> = {}): ModelDocument {
  return {
    schemaVersion: MODEL_SCHEMA_VERSION,
    id: newModelId(),
    name: 'ab-test',
    formula: 'Outcome ~ Treatment',
    createdAt: '2026-11-25T12:00:00.000Z',
    settings: { weights: null, covType: 'nonrobust', useT: true, missing: 'drop' },
    rowsDropped: 0,
    warnings: [],
    ...seedModel(),
    ...overrides,
  };
}

import { RecordsTable } from '../../src/data/index.js';
import { buildTrainingDesign } from '../../src/formula/index.js';
import { newModelId, type ModelDocument } from '../../src/models/index.js';
import { fitDesign } from '../../src/service/fitDesign.js';
import { toDocument } from '../../src/service/index.js';
import { SEED_ROWS } from './seed.js';

let seedDocument: ModelDocument | undefined;

/** The seed A/B model's document, computed once by the real formula and stats modules. */
function seedModel(): ModelDocument {
  if (!seedDocument) {
    const design = buildTrainingDesign('Outcome ~ Treatment', new RecordsTable(SEED_ROWS), { missing: 'drop' });
    const fit = fitDesign(design, { covType: 'nonrobust', useT: true });
    seedDocument = toDocument({
      id: newModelId(),
      tenant: undefined,
      name: 'ab-test',
      formula: 'Outcome ~ Treatment',
      createdAt: '2026-11-25T12:00:00.000Z',
      settings: { weights: null, covType: 'nonrobust', useT: true, missing: 'drop' },
      rowsDropped: 0,
      warnings: [],
      design: design.spec,
      fit,
      diagnosticPoints: null,
    });
  }
  return seedDocument;
}

/** A well-formed model document (the seed's A/B model) with a fresh id, for storage tests. */
export function sampleDocument(overrides: Partial<ModelDocument> = {}): ModelDocument {
  return { ...seedModel(), id: newModelId(), ...overrides };
}

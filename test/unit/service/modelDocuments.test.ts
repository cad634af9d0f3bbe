/**
 * The mapping between stored documents and the in-memory model (service/modelDocuments.ts):
 * the document holds exactly the fields its interfaces declare, whatever the formula and stats
 * modules' objects carry besides, and every field survives the round trip.
 */
import { describe, expect, it } from 'vitest';
import { parseModelDocument, serializeModelDocument } from '../../../src/models/index.js';
import { fromDocument, toDocument, type StoredModel } from '../../../src/service/index.js';
import type { LinearModel } from '../../../src/stats/index.js';
import { sampleDocument } from '../../support/documents.js';

describe('toDocument and fromDocument', () => {
  it('round-trip every field, the tenant included', () => {
    const document = sampleDocument({ tenant: 'alice' });
    const model = fromDocument(document);
    expect(model.tenant).toBe('alice');
    expect(model.fit.perfectFit).toBe(false);
    expect(toDocument(model)).toEqual(document);
    const stored = serializeModelDocument(toDocument(model));
    expect(parseModelDocument(document.id, stored)).toEqual(document);
    expect(toDocument({ ...model, tenant: undefined })).not.toHaveProperty('tenant');
  });

  it('store no field the in-memory objects carry beyond the document interfaces', () => {
    const model = fromDocument(sampleDocument());
    const widened = {
      ...model,
      scratch: 'in memory only',
      design: { ...model.design, cache: [1, 2, 3] },
      fit: {
        ...model.fit,
        internalOnly: 42,
        covarianceFactor: { ...model.fit.covarianceFactor, workspace: [0] },
      } as LinearModel,
    } as StoredModel;
    const stored = serializeModelDocument(toDocument(widened));
    for (const field of ['scratch', 'cache', 'internalOnly', 'workspace']) expect(stored).not.toContain(field);
    expect(JSON.parse(stored)).toEqual(JSON.parse(serializeModelDocument(toDocument(model))));
  });

  it('map a document once: a cached document read again gives the same model', () => {
    const document = sampleDocument();
    expect(fromDocument(document)).toBe(fromDocument(document));
    expect(fromDocument({ ...document })).not.toBe(fromDocument(document));
  });
});

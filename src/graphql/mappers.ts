import type { ModelDocument } from '../models/index.js';
import type { CoefficientView } from '../service/index.js';

/** A coefficient resolves from its view at 95%, keeping its model for intervals at other levels. */
export interface CoefficientParent {
  readonly document: ModelDocument;
  readonly column: number;
  readonly view: CoefficientView;
}

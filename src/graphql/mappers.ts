import type { CoefficientView, ModelView } from '../service/index.js';

/** A coefficient resolves from its view at 95%, keeping its model for intervals at other levels. */
export interface CoefficientParent {
  readonly model: ModelView;
  readonly column: number;
  readonly coefficient: CoefficientView;
}

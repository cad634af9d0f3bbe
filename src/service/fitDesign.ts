import type { TrainingDesign } from '../formula/index.js';
import { fitLinearModel, type FitOptions, type LinearModel } from '../stats/index.js';

/** Fits a training design: its rows (read in blocks, with their low parts), response and weights. */
export function fitDesign(design: TrainingDesign, options: FitOptions): LinearModel {
  return fitLinearModel(
    {
      rowCount: design.rowCount,
      columnCount: design.columnCount,
      design: design.rows,
      y: design.y,
      yLo: design.yLo,
      weights: design.weights,
      columnNames: design.spec.columns,
    },
    options,
  );
}

/**
 * Designs now hand out their rows in blocks (`rows: DesignRows`); the tests that compare whole
 * matrices read them back as column-major arrays with `materializeDesign`.
 */
import { type DesignRows, materializeDesign } from '../../../../src/numeric/designRows.js';

/**
 * The design with its matrix materialized beside it: `x` column-major rowCount × columnCount,
 * `xLo` its low parts (null when every low part is zero).
 */
export function withMatrix<D extends { readonly rows: DesignRows; readonly rowCount: number }>(
  design: D,
): D & { readonly x: Float64Array; readonly xLo: Float64Array | null } {
  return { ...design, ...materializeDesign(design.rows, design.rowCount) };
}

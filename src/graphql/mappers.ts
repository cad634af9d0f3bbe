import type { CoefficientView, ModelView } from '../service/index.js';

/** A coefficient resolves from its view at 95%, keeping its model for intervals at other levels. */
export interface CoefficientParent {
  readonly model: ModelView;
  readonly column: number;
  readonly coefficient: CoefficientView;
}

/** A page of models; `totalCount` is counted only when a client asks for it. */
export interface ModelConnectionParent {
  readonly edges: readonly { readonly cursor: string; readonly node: ModelView }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly count: () => Promise<number>;
}

import type { IntervalKind as ServiceIntervalKind, CovarianceType as StatsCovarianceType } from '../service/index.js';
import type { CovarianceType, IntervalKind, MissingPolicy } from './__generated__/resolvers-types.js';

/** GraphQL enum values ↔ the domain's names. */
const COVARIANCE_TYPES: Readonly<Record<CovarianceType, StatsCovarianceType>> = {
  NONROBUST: 'nonrobust',
  HC0: 'HC0',
  HC1: 'HC1',
  HC2: 'HC2',
  HC3: 'HC3',
};

const INTERVALS: Readonly<Record<IntervalKind, ServiceIntervalKind>> = {
  NONE: 'none',
  CONFIDENCE: 'confidence',
  PREDICTION: 'prediction',
};

export function toCovarianceType(value: CovarianceType): StatsCovarianceType {
  return COVARIANCE_TYPES[value];
}

export function fromCovarianceType(value: StatsCovarianceType): CovarianceType {
  return value === 'nonrobust' ? 'NONROBUST' : value;
}

export function toIntervalKind(value: IntervalKind): ServiceIntervalKind {
  return INTERVALS[value];
}

export function fromIntervalKind(value: ServiceIntervalKind): IntervalKind {
  return value.toUpperCase() as IntervalKind;
}

export function toMissingPolicy(value: MissingPolicy): 'drop' | 'raise' {
  return value === 'RAISE' ? 'raise' : 'drop';
}

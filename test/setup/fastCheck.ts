/**
 * Every property test draws from the same fixed seed unless it names its own, so that a run of
 * the suite is the same on every machine and CI cannot fail by the luck of a draw. Set FC_SEED to
 * explore other draws (and FUZZ_RUNS / FUZZ_BUDGET_MS for the HTTP fuzzer's longer campaigns).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261204) });

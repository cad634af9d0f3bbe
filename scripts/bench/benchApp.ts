/**
 * What the benchmark's worker processes run in-process: the real composition root and request
 * path (src/http), bundled by scripts/bench/bench.mjs with the same esbuild options as the
 * local server. Nothing here is used by the service itself.
 */
export { composeApplication } from '../../src/compose.js';
export { loadConfig } from '../../src/config.js';
export { handleHttpRequest } from '../../src/application/application.js';
export { parseRequestBody } from '../../src/http/requestBody.js';
export { startLocalServer } from '../../src/local.js';
export { FileSystemModelRepository, InMemoryModelRepository, serializeModelDocument } from '../../src/models/index.js';
export { RecordsTable, ColumnsTable, parseCsv } from '../../src/data/index.js';
export { buildTrainingDesign, buildPredictionDesign } from '../../src/formula/index.js';
export { fitLinearModel } from '../../src/stats/index.js';
export { budgetFor, toDocument } from '../../src/service/index.js';
export { fitParts } from '../../src/service/streamingFit.js';
export { csvPartReader } from '../../src/data/stream/csvPartReader.js';
export { fileByteSource } from '../../src/data/stream/fileByteSource.js';
export { DEFAULT_FORMULA_LIMITS } from '../../src/formula/index.js';
export { parquetPartReader } from '../../src/data/stream/parquetPartReader.js';

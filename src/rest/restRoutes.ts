import type { HttpRequest, HttpResponse } from '../http/types.js';
import { jsonResponse } from '../http/types.js';
import { modelInfo, type Caller, type RegressionService } from '../service/index.js';
import { badRequest, errorResponseFor } from './restErrors.js';

/** The seed's REST routes, with the JSON they always took and gave. */
export const REST_ROUTES = ['/fit', '/predict'] as const;

/**
 * Answers `POST /fit` and `POST /predict` exactly as the original Python service did:
 * `/fit {formula, data: [records]}` → `{modelId, modelInfo}`; `/predict {modelId, data}` →
 * `{prediction}` for one record or `{predictions}` for an array.
 */
export async function handleRestRoute(
  request: HttpRequest,
  service: RegressionService,
  caller: Caller,
): Promise<HttpResponse> {
  const body = parseJsonObject(request);
  if ('response' in body) return body.response;
  try {
    return request.path === '/fit' ? await fit(body.value, request, service, caller) : await predict(body.value, request, service, caller);
  } catch (error) {
    return errorResponseFor(error, request.requestId);
  }
}

async function fit(
  body: Record<string, unknown>,
  request: HttpRequest,
  service: RegressionService,
  caller: Caller,
): Promise<HttpResponse> {
  const { formula, data, name, weights } = body;
  if (typeof formula !== 'string') return badRequest('INVALID_BODY', '"formula" must be a string such as "y ~ x"', request.requestId);
  if (!Array.isArray(data)) return badRequest('INVALID_BODY', '"data" must be an array of records', request.requestId);
  if (name !== undefined && name !== null && typeof name !== 'string') {
    return badRequest('INVALID_BODY', '"name" must be a string', request.requestId);
  }
  if (weights !== undefined && weights !== null && typeof weights !== 'string') {
    return badRequest('INVALID_BODY', '"weights" must name a column', request.requestId);
  }
  const document = await service.fit({ formula, data: { kind: 'records', rows: data }, name, weights }, caller);
  return jsonResponse(200, { modelId: document.id, modelInfo: modelInfo(document) });
}

async function predict(
  body: Record<string, unknown>,
  request: HttpRequest,
  service: RegressionService,
  caller: Caller,
): Promise<HttpResponse> {
  const { modelId, data } = body;
  if (typeof modelId !== 'string') return badRequest('INVALID_BODY', '"modelId" must be a string', request.requestId);
  if (typeof data !== 'object' || data === null) {
    return badRequest('INVALID_BODY', '"data" must be a record or an array of records', request.requestId);
  }
  const rows = Array.isArray(data) ? data : [data];
  const outcome = await service.predict({ modelId, data: { kind: 'records', rows } }, caller);
  const predictions = outcome.rows.map((row) => row.fit);
  return jsonResponse(200, Array.isArray(data) ? { predictions } : { prediction: predictions[0] });
}

function parseJsonObject(request: HttpRequest): { value: Record<string, unknown> } | { response: HttpResponse } {
  let value: unknown;
  try {
    value = JSON.parse(request.body);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    return { response: badRequest('MALFORMED_JSON', `the request body is not valid JSON${detail}`, request.requestId) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { response: badRequest('INVALID_BODY', 'the request body must be a JSON object', request.requestId) };
  }
  return { value: value as Record<string, unknown> };
}

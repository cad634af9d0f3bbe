import type { Logger } from '@aws-lambda-powertools/logger';
import { CapturedText, RecordBatch } from '../data/index.js';
import { errorResponse, errorResponseFor } from '../http/errorResponses.js';
import { refusedBody } from '../http/requestErrors.js';
import { ROUTES } from '../http/routes.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import { jsonResponse } from '../http/types.js';
import {
  chooseDataInput,
  ErrorCode,
  modelInfo,
  publicError,
  type Caller,
  type ErrorReason,
  type RegressionService,
} from '../service/index.js';

/**
 * Answers `POST /fit` and `POST /predict` exactly as the original Python service did:
 * `/fit {formula, data: [records]}` → `{modelId, modelInfo}`; `/predict {modelId, data}` →
 * `{prediction}` for one record or `{predictions}` for an array. As extensions, `/fit` also
 * takes `columns` or `csv` instead of `data`, and `name` and `weights`.
 */
export async function handleRestRoute(
  request: HttpRequest,
  service: RegressionService,
  caller: Caller,
  logger?: Pick<Logger, 'error'>,
): Promise<HttpResponse> {
  const body = jsonObjectBody(request);
  if ('response' in body) return body.response;
  try {
    return request.path === ROUTES.fit
      ? await fit(body.value, request, service, caller)
      : await predict(body.value, request, service, caller);
  } catch (error) {
    const response = errorResponseFor(error, request.requestId, 'rest');
    // The client sees a masked message; the details go to the log under the same request id.
    if (response.status >= 500)
      logger?.error('unexpected error in a REST request', { requestId: request.requestId, error });
    return response;
  }
}

async function fit(
  body: Record<string, unknown>,
  request: HttpRequest,
  service: RegressionService,
  caller: Caller,
): Promise<HttpResponse> {
  const { formula, data, columns, csv, name, weights } = body;
  const problem =
    typeof formula !== 'string'
      ? '"formula" must be a string such as "y ~ x"'
      : data != null && !isRows(data)
        ? '"data" must be an array of records'
        : columns != null && (typeof columns !== 'object' || Array.isArray(columns))
          ? '"columns" must be an object of equal-length arrays'
          : csv != null && typeof csv !== 'string' && !(csv instanceof CapturedText)
            ? '"csv" must be a string'
            : name != null && typeof name !== 'string'
              ? '"name" must be a string'
              : weights != null && typeof weights !== 'string'
                ? '"weights" must name a column'
                : undefined;
  if (problem) return badRequest('INVALID_BODY', problem, request.requestId);
  const document = await service.fit(
    {
      formula: formula as string,
      data: chooseDataInput({
        data: data as readonly unknown[] | RecordBatch | undefined,
        columns: columns as Record<string, unknown> | undefined,
        csv: csv as string | CapturedText | undefined,
      }),
      name: name as string | undefined,
      weights: weights as string | undefined,
    },
    caller,
  );
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
  const many = isRows(data);
  const rows = many ? data : [data];
  const outcome = await service.predict({ modelId, data: { kind: 'records', rows } }, caller);
  const predictions = outcome.rows.map((row) => row.fit);
  return jsonResponse(200, many ? { predictions } : { prediction: predictions[0] });
}

/** An array of records, as parsed plainly or captured into columns by the body parser. */
function isRows(value: unknown): value is readonly unknown[] | RecordBatch {
  return Array.isArray(value) || value instanceof RecordBatch;
}

function jsonObjectBody(request: HttpRequest): { value: Record<string, unknown> } | { response: HttpResponse } {
  const body = request.body;
  if (body.kind === 'malformed') return { response: errorResponse(refusedBody(body.error), request.requestId, 'rest') };
  const value = body.kind === 'json' ? body.value : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof RecordBatch) {
    return { response: badRequest('INVALID_BODY', 'the request body must be a JSON object', request.requestId) };
  }
  return { value: value as Record<string, unknown> };
}

/** A 400 for a request body that is not what the route takes. */
function badRequest(reason: ErrorReason, message: string, requestId: string): HttpResponse {
  return errorResponse(publicError(ErrorCode.BAD_USER_INPUT, reason, message), requestId, 'rest');
}

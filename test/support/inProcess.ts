import type { HttpApplication } from '../../src/application/application.js';
import { handleHttpRequest } from '../../src/application/application.js';
import { parseRequestBody } from '../../src/http/requestBody.js';
import type { HttpResponse } from '../../src/http/types.js';

let counter = 0;

/** Sends one JSON request through the application in-process, parsed as a transport would. */
export async function sendJson(
  app: HttpApplication,
  method: string,
  path: string,
  payload: unknown,
): Promise<HttpResponse> {
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const contentType = 'application/json';
  return handleHttpRequest(
    {
      method,
      path,
      query: '',
      headers: { 'content-type': contentType },
      body: parseRequestBody(method, path, contentType, bytes, app.maxColumns),
      bodyBytes: bytes.length,
      requestId: `in-process-${++counter}`,
    },
    app,
  );
}

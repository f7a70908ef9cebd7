/**
 * `POST /webhooks/<id>`: plain HTTP ingest of board webhooks. No bearer token: the raw body (≤ 64 KiB)
 * and the request headers go to the work subgraph's internal `_ingestWebhook` (system identity),
 * which checks the signature before the webhook's state (a disabled webhook is 410 only to a caller
 * holding its secret, 403 otherwise); its outcome becomes the status code, with a JSON body carrying
 * a `code` (never a 500).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, IDENTITY_HEADER, readBody, sendJson } from '@mc/kit';
import type { SystemCaller } from './system-caller.ts';

export const WEBHOOK_PATH_PREFIX = '/webhooks/';
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

/** Headers never handed to the subgraph. */
const PRIVATE_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', IDENTITY_HEADER]);

const INGEST = `mutation Ingest($id: String!, $body: String!, $contentType: String, $headers: JSON) {
  _ingestWebhook(id: $id, body: $body, contentType: $contentType, headers: $headers) { outcome deliveryId }
}`;

const OUTCOMES: Record<string, { status: number; code: string; message: string }> = {
  NOT_FOUND: { status: 404, code: 'NOT_FOUND', message: 'Unknown webhook' },
  GONE: { status: 410, code: 'WEBHOOK_DISABLED', message: 'This webhook is disabled' },
  FORBIDDEN: { status: 403, code: 'BAD_SIGNATURE', message: 'Missing or invalid signature' },
};

/** Handles one webhook request; returns the status sent. */
export async function handleWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  options: { workUrl: string | undefined; caller: SystemCaller; onError: (error: unknown) => void },
): Promise<number> {
  const fail = (status: number, code: string, message: string) => {
    sendJson(res, status, { error: { code, message } });
    return status;
  };
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return fail(405, 'METHOD_NOT_ALLOWED', 'Webhooks accept POST only');
  }
  const id = decodeURIComponent((req.url ?? '').split('?')[0].slice(WEBHOOK_PATH_PREFIX.length));
  let body: string;
  try {
    body = await readBody(req, WEBHOOK_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return fail(413, 'PAYLOAD_TOO_LARGE', `Webhook payloads are limited to ${WEBHOOK_MAX_BODY_BYTES} bytes`);
    }
    return fail(400, 'BAD_REQUEST', 'The request body could not be read');
  }
  if (!id || id.includes('/')) return fail(404, 'NOT_FOUND', 'Unknown webhook');
  if (!options.workUrl) return fail(503, 'SERVICE_UNAVAILABLE', 'Webhooks are not available');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (PRIVATE_HEADERS.has(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value[0] : value;
  }
  let result: { outcome: string; deliveryId: string | null };
  try {
    const data = await options.caller.call<{ _ingestWebhook: typeof result }>(options.workUrl, INGEST, {
      id,
      body,
      contentType: headers['content-type'] ?? null,
      headers,
    });
    result = data._ingestWebhook;
  } catch (error) {
    options.onError(error);
    res.setHeader('retry-after', '2');
    return fail(503, 'SERVICE_UNAVAILABLE', 'The webhook could not be received; retry later');
  }
  if (result.outcome === 'ACCEPTED' && result.deliveryId) {
    sendJson(res, 202, { id: result.deliveryId });
    return 202;
  }
  const refusal = OUTCOMES[result.outcome] ?? OUTCOMES.NOT_FOUND;
  return fail(refusal.status, refusal.code, refusal.message);
}

/**
 * A local OpenAI-compatible model server for the real gateway: `POST /v1/chat/completions` (streamed as SSE
 * chunks, or one JSON completion) and `GET /v1/models`, on 127.0.0.1. Replies come from a function of the
 * request, and every request is recorded so tests can assert what the gateway sent the model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_MODEL_ID = 'fake-model';

export interface FakeModelRequest {
  model: string;
  stream: boolean;
  messages: Array<{ role: string; content: unknown }>;
}

/** A reply text, or an HTTP status to fail with (use 4xx: OpenClaw retries 5xx for ~90 s). */
export type FakeModelReply = string | { status: number; message: string };

export interface FakeModel {
  baseUrl: string;
  requests: FakeModelRequest[];
  close(): Promise<void>;
}

/** Text of a message's content (string, or the text parts of an array). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

export async function startFakeModel(reply: (request: FakeModelRequest) => FakeModelReply): Promise<FakeModel> {
  const requests: FakeModelRequest[] = [];
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/v1/models') {
      return json(response, 200, { object: 'list', data: [{ id: FAKE_MODEL_ID, object: 'model', owned_by: 'mc' }] });
    }
    if (request.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return json(response, 404, { error: { message: `no route ${request.method} ${url.pathname}` } });
    }
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const parsed = JSON.parse(body);
    const recorded: FakeModelRequest = {
      model: String(parsed.model),
      stream: parsed.stream === true,
      messages: Array.isArray(parsed.messages) ? parsed.messages : [],
    };
    requests.push(recorded);
    const answer = reply(recorded);
    if (typeof answer !== 'string') {
      return json(response, answer.status, { error: { message: answer.message, type: 'invalid_request_error' } });
    }
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (!recorded.stream) {
      return json(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model: recorded.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: recorded.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    const send = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
    send(chunk({ role: 'assistant', content: '' }, null));
    const words = answer.split(/(?<= )/);
    for (const word of words) {
      send(chunk({ content: word }, null));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    send(chunk({}, 'stop'));
    if (parsed.stream_options?.include_usage) {
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model: recorded.model,
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: words.length, total_tokens: 10 + words.length },
      });
    }
    response.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

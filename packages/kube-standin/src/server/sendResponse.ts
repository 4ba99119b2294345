import { randomUUID } from 'node:crypto';
import type http from 'node:http';

function send(
  res: http.ServerResponse,
  code: number,
  contentType: string,
  payload: string,
): void {
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-cache, private',
    'Audit-Id': randomUUID(),
  });
  res.end(payload);
}

/** Answers with JSON and the headers kube-apiserver sends. */
export function sendJson(
  res: http.ServerResponse,
  code: number,
  body: unknown,
): void {
  send(res, code, 'application/json', JSON.stringify(body));
}

/** Answers with text (pod logs, health checks). */
export function sendText(
  res: http.ServerResponse,
  code: number,
  text: string,
): void {
  send(res, code, 'text/plain', text);
}

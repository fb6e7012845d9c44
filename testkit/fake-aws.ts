import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsRequest {
  operation: string;
  body: Record<string, unknown>;
  authorization: string;
}

/**
 * A loopback stand-in for an AWS JSON 1.1 service (CloudTrail): routes on X-Amz-Target,
 * records every request, and answers with the handler's result (or an AWS error shape).
 */
export async function startFakeAws(
  handlers: Record<string, (body: Record<string, unknown>, n: number) => unknown>,
) {
  const requests: AwsRequest[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      // Current SDKs send the Smithy service name (CloudTrail_20131101.Op); older ones the long prefix.
      const match = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/.exec(
        target,
      );
      const operation = match?.[1] ?? '';
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      requests.push({ operation, body, authorization: String(req.headers.authorization ?? '') });
      const handler = handlers[operation];
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${requests.length}`,
        });
        res.end(JSON.stringify(payload));
      };
      if (!match || !handler)
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `unknown target ${target}`,
        });
      try {
        const out = handler(body, requests.filter((r) => r.operation === operation).length);
        if (out && typeof out === 'object' && '__type' in out) return reply(400, out);
        return reply(200, out);
      } catch (err) {
        return reply(400, { __type: 'InvalidParameterException', message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

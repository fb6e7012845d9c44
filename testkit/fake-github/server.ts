import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { execute, type GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import { FakeGithubError } from './connection.ts';
import { queryCost } from './cost.ts';
import type { FakeGithubData } from './dataset.ts';
import { mutationRoot } from './mutations.ts';
import { queryRoot } from './resolvers.ts';
import { githubSchema } from './schema.ts';

/**
 * `lost-answer`: the request takes effect, then the client gets a 502 (the change was made, its answer lost).
 * `secondary-rate-limit-no-retry-after`: GitHub's 403 secondary limit without a `retry-after` header, as it
 * is sometimes sent (the client must then wait at least a minute on its own). `too-many-requests`: a
 * plain 429, no header saying how long to wait, which GitHub may also answer when a limit is hit.
 * `slow` delays the whole answer by `delayMs`; `stalled-body` sends the headers and half the body,
 * then stalls `delayMs` before the rest (a connection that hangs mid-answer).
 */
export type FaultKind =
  | '502'
  | 'secondary-rate-limit'
  | 'secondary-rate-limit-no-retry-after'
  | 'too-many-requests'
  | 'primary-rate-limit'
  | 'slow'
  | 'stalled-body'
  | 'reset'
  | 'truncated'
  | 'lost-answer';

export interface RequestLog {
  n: number;
  operation: string | null;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  fault: FaultKind | null;
  cost: number;
  /** Names of the mutation fields the request ran, e.g. ["createIssue"]. */
  mutations: string[];
}

export interface FakeGithub {
  url: string;
  data: FakeGithubData;
  /** Every request answered, in order. */
  log: RequestLog[];
  /** Queries that GitHub's schema rejected: a test should fail if any appears. */
  invalid: { query: string; errors: string[] }[];
  rateLimit: { limit: number; remaining: number; resetAt: Date };
  /** Fails request number `at` (1-based, counted from now on if omitted: the next `times` requests). */
  inject(kind: FaultKind, opts?: { at?: number; times?: number; delayMs?: number }): void;
  /** Decides a fault for every request (seeded fault injection). */
  faultPlan: ((n: number) => FaultKind | null) | null;
  close(): Promise<void>;
}

interface Pending {
  kind: FaultKind;
  at: number | null;
  times: number;
  delayMs: number;
}

/** Starts the fake GitHub GraphQL API on 127.0.0.1 with a token it requires. */
export async function startFakeGithub(
  data: FakeGithubData,
  opts: { token?: string; rateLimit?: number } = {},
): Promise<FakeGithub> {
  const schema = githubSchema();
  const token = opts.token ?? 'ghp_faketokenfaketokenfaketokenfake0000';
  const pending: Pending[] = [];
  const sockets = new Set<Socket>();
  const fake: FakeGithub = {
    url: '',
    data,
    log: [],
    invalid: [],
    rateLimit: {
      limit: opts.rateLimit ?? 5000,
      remaining: opts.rateLimit ?? 5000,
      resetAt: new Date(Date.now() + 3_600_000),
    },
    inject(kind, o = {}) {
      pending.push({ kind, at: o.at ?? null, times: o.times ?? 1, delayMs: o.delayMs ?? 50 });
    },
    faultPlan: null,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const takeFault = (n: number): Pending | null => {
    const planned = fake.faultPlan?.(n);
    if (planned) return { kind: planned, at: n, times: 1, delayMs: 50 };
    const i = pending.findIndex((p) => p.at === n || (p.at === null && p.times > 0));
    if (i < 0) return null;
    const p = pending[i] as Pending;
    if (p.at === null && --p.times <= 0) pending.splice(i, 1);
    if (p.at !== null) pending.splice(i, 1);
    return p;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => resolve(text));
    });
    const n = fake.log.length + 1;
    const entry: RequestLog = {
      n,
      operation: null,
      query: '',
      variables: {},
      status: 200,
      fault: null,
      cost: 0,
      mutations: [],
    };
    fake.log.push(entry);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        'content-type':
          typeof payload === 'string' ? 'text/html' : 'application/json; charset=utf-8',
        ...rateHeaders(),
        ...headers,
      });
      res.end(text);
    };
    const rateHeaders = () => ({
      'x-ratelimit-limit': String(fake.rateLimit.limit),
      'x-ratelimit-remaining': String(fake.rateLimit.remaining),
      'x-ratelimit-reset': String(Math.ceil(fake.rateLimit.resetAt.getTime() / 1000)),
      'x-ratelimit-resource': 'graphql',
    });

    if (req.method !== 'POST' || !req.url?.startsWith('/graphql'))
      return send(404, { message: 'Not Found' });
    const auth = req.headers.authorization ?? '';
    if (!/^(bearer|token) /i.test(auth) || auth.split(' ')[1] !== token)
      return send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/graphql',
      });

    let request: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      request = JSON.parse(body);
    } catch {
      return send(400, { message: 'Problems parsing JSON' });
    }
    entry.query = request.query ?? '';
    entry.variables = request.variables ?? {};

    const fault = takeFault(n);
    let loseAnswer = false;
    let stallMs = 0;
    if (fault) {
      entry.fault = fault.kind;
      switch (fault.kind) {
        case '502':
          return send(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
        case 'secondary-rate-limit':
          return send(
            403,
            {
              message:
                'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
              documentation_url:
                'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits',
            },
            { 'retry-after': '1' },
          );
        case 'too-many-requests':
          return send(429, {
            message: 'Too Many Requests',
            documentation_url:
              'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api',
          });
        case 'secondary-rate-limit-no-retry-after':
          return send(403, {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url:
              'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits',
          });
        case 'primary-rate-limit': {
          const reset = String(Math.ceil(Date.now() / 1000) + 1);
          return send(
            200,
            {
              errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }],
            },
            { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
          );
        }
        case 'reset':
          req.socket.destroy();
          entry.status = 0;
          return;
        case 'truncated': {
          entry.status = 200;
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end('{"data":{"rateLimit":{"cost":1,');
          return;
        }
        case 'slow':
          await new Promise((r) => setTimeout(r, fault.delayMs));
          break;
        case 'lost-answer':
          loseAnswer = true;
          break;
        case 'stalled-body':
          stallMs = fault.delayMs;
          break;
      }
    }

    let document: DocumentNode;
    try {
      document = parse(entry.query);
    } catch (err) {
      fake.invalid.push({ query: entry.query, errors: [(err as Error).message] });
      return send(200, { errors: [{ message: (err as Error).message, type: 'PARSE_ERROR' }] });
    }
    const errors = validate(schema, document);
    if (errors.length) {
      fake.invalid.push({ query: entry.query, errors: errors.map((e) => e.message) });
      return send(200, {
        errors: errors.map((e) => ({
          message: e.message,
          locations: e.locations,
          extensions: { code: 'graphqlValidationError' },
        })),
      });
    }
    const op = document.definitions.find((d) => d.kind === 'OperationDefinition');
    entry.operation = op && 'name' in op ? (op.name?.value ?? null) : null;
    if (op && op.kind === 'OperationDefinition' && op.operation === 'mutation') {
      entry.mutations = op.selectionSet.selections.flatMap((s) =>
        s.kind === 'Field' ? [s.name.value] : [],
      );
    }
    const { cost, nodes } = queryCost(document, entry.variables);
    // The budget is refilled at the reset time, as GitHub's is every hour.
    if (Date.now() >= fake.rateLimit.resetAt.getTime()) {
      fake.rateLimit.remaining = fake.rateLimit.limit;
      fake.rateLimit.resetAt = new Date(Date.now() + 3_600_000);
    }
    entry.cost = cost;
    if (nodes > 500_000)
      return send(200, {
        errors: [
          {
            type: 'MAX_NODE_LIMIT_EXCEEDED',
            message: `This query requests up to ${nodes} possible nodes which exceeds the maximum limit of 500,000.`,
          },
        ],
      });
    if (fake.rateLimit.remaining < cost) {
      return send(200, {
        errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }],
      });
    }
    fake.rateLimit.remaining -= cost;
    const rateLimit = {
      cost,
      remaining: fake.rateLimit.remaining,
      resetAt: fake.rateLimit.resetAt.toISOString(),
      limit: fake.rateLimit.limit,
      used: fake.rateLimit.limit - fake.rateLimit.remaining,
      nodeCount: nodes,
    };
    const rootValue = { ...queryRoot(data), ...mutationRoot(data), rateLimit: () => rateLimit };
    const result = await execute({
      schema,
      document,
      rootValue,
      variableValues: entry.variables,
      operationName: request.operationName,
    });
    if (loseAnswer) return send(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
    const payload: Record<string, unknown> = { data: result.data ?? null };
    if (result.errors?.length) payload.errors = result.errors.map(formatError);
    if (stallMs) {
      const text = JSON.stringify(payload);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...rateHeaders() });
      res.write(text.slice(0, text.length >> 1));
      await new Promise((r) => setTimeout(r, stallMs));
      // The client may have given up and closed the connection by now.
      if (!res.destroyed) res.end(text.slice(text.length >> 1));
      return;
    }
    return send(200, payload);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(err) }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return fake;
}

function formatError(e: GraphQLError) {
  const original = e.originalError;
  return {
    message: e.message,
    type: original instanceof FakeGithubError ? original.type : undefined,
    path: e.path,
    locations: e.locations,
  };
}

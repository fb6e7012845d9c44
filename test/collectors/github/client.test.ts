import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphqlResponseError } from '@octokit/graphql';
import { describe, expect, it } from 'vitest';
import {
  createGithubClient,
  describeFailure,
  GithubApiError,
  githubClientFromEnv,
  graphqlUrlFrom,
} from '../../../collectors/github/client.ts';

/** Octokit's HttpError (@octokit/request-error), as the client recognises it. */
const httpError = (message: string, status: number, response?: object) =>
  Object.assign(new Error(message), { name: 'HttpError', status, response });
const rateLimited = {
  type: 'RATE_LIMITED',
  message: 'API rate limit exceeded',
  path: ['rateLimit'] as [string],
  extensions: {},
  locations: [{ line: 1, column: 1 }] as [{ line: number; column: number }],
};
const request = { method: 'POST' as const, url: 'https://api.github.com/graphql', headers: {} };

describe('describeFailure', () => {
  it('reads GraphQL errors with the answer’s headers', () => {
    const err = new GraphqlResponseError(
      request,
      { 'x-ratelimit-reset': '1790000000' },
      { data: null, errors: [rateLimited] },
    );
    expect(describeFailure(err, null)).toEqual({
      kind: 'graphql',
      errors: [rateLimited],
      headers: { 'x-ratelimit-reset': '1790000000' },
    });
  });

  it('reads an HTTP error status with its headers', () => {
    const err = httpError('Bad Gateway', 502, { status: 502, headers: { 'retry-after': '1' } });
    expect(describeFailure(err, null)).toEqual({
      kind: 'http',
      status: 502,
      message: 'Bad Gateway',
      headers: { 'retry-after': '1' },
    });
  });

  it('takes an error without an answer as a network failure: its first line, or our timeout', () => {
    const dropped = httpError('socket hang up\n  at …', 500);
    expect(describeFailure(dropped, null)).toEqual({ kind: 'network', what: 'socket hang up' });
    // fetch's errors keep the system's code in their cause.
    const refused = Object.assign(httpError('connect ECONNREFUSED 127.0.0.1:4000', 500), {
      cause: new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4000'), {
          code: 'ECONNREFUSED',
        }),
      }),
    });
    expect(describeFailure(refused, null)).toEqual({
      kind: 'network',
      what: 'connect ECONNREFUSED 127.0.0.1:4000',
      code: 'ECONNREFUSED',
    });
    // A URL's credentials never reach a message.
    const withCredentials = httpError(
      'Request cannot be constructed from a URL that includes credentials: http://u:hunter2@h/graphql',
      500,
    );
    expect(describeFailure(withCredentials, null)).toEqual({
      kind: 'network',
      what: 'Request cannot be constructed from a URL that includes credentials: http://***@h/graphql',
    });
    expect(describeFailure(new Error('aborted'), 'no complete answer within 1 s')).toEqual({
      kind: 'network',
      what: 'no complete answer within 1 s',
    });
  });
});

describe('errors a retry cannot fix', () => {
  const github = { request_timeout_seconds: 5 };

  it('refuses a GITHUB_GRAPHQL_URL with credentials, another scheme or no URL, before any request', () => {
    expect(graphqlUrlFrom(undefined)).toBe('https://api.github.com/graphql');
    expect(() => graphqlUrlFrom('https://x:hunter2@ghe.acme/api/graphql')).toThrow(
      'GITHUB_GRAPHQL_URL carries credentials (https://***@ghe.acme/api/graphql): remove user:password@ from it; the token goes in GITHUB_TOKEN',
    );
    expect(() => graphqlUrlFrom('ftp://ghe.acme/graphql')).toThrow(
      'GITHUB_GRAPHQL_URL must be an http(s) URL, not ftp:',
    );
    expect(() => graphqlUrlFrom('ghe.acme/graphql')).toThrow('GITHUB_GRAPHQL_URL is not a URL');
    expect(() =>
      githubClientFromEnv(
        { GITHUB_TOKEN: 't', GITHUB_GRAPHQL_URL: 'http://u:p@127.0.0.1/graphql' },
        github,
      ),
    ).toThrow(GithubApiError);
  });

  it('fails at once on a refused connection: no retries, no waits', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const waits: number[] = [];
    const client = createGithubClient({
      url: `http://127.0.0.1:${port}/graphql`,
      token: 't',
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(client.query('{ viewer { login } }')).rejects.toThrow(
      /^cannot reach GitHub: the connection was refused \(nothing listens at that address\) \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); check GITHUB_GRAPHQL_URL and the network; not retried$/,
    );
    expect(client.stats.requests).toBe(1);
    expect(waits).toEqual([]);
  });
});

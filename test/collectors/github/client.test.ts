import { GraphqlResponseError } from '@octokit/graphql';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../collectors/github/client.ts';

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
    expect(describeFailure(new Error('aborted'), 'no complete answer within 1 s')).toEqual({
      kind: 'network',
      what: 'no complete answer within 1 s',
    });
  });
});

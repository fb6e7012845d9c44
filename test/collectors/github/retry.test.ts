import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  classifyFailure,
  retryMessage,
  secondaryWaitMs,
  type RetryContext,
} from '../../../collectors/github/retry.ts';

const nowMs = Date.parse('2026-11-22T12:00:00Z');
const ctx: RetryContext = {
  attempt: 1,
  retryServerErrors: true,
  secondaryStreak: 0,
  secondaryWaitMs: 60_000,
  nowMs,
};
const reset = { 'x-ratelimit-reset': String(nowMs / 1000 + 119) };

describe('classifyFailure', () => {
  it('gives up on GraphQL errors other than a rate limit, naming them', () => {
    expect(
      classifyFailure(
        {
          kind: 'graphql',
          errors: [{ message: 'Field "x" does not exist' }, { message: 'and another' }],
          headers: {},
        },
        ctx,
      ),
    ).toEqual({
      retry: false,
      message: 'GitHub rejected the query: Field "x" does not exist; and another',
    });
  });

  it('waits out a RATE_LIMITED answer until the reset, or a minute without the header', () => {
    const limited = [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }];
    expect(classifyFailure({ kind: 'graphql', errors: limited, headers: reset }, ctx)).toEqual({
      retry: true,
      waitMs: 120_000,
      reason: 'primary rate limit reached',
    });
    expect(classifyFailure({ kind: 'graphql', errors: limited, headers: {} }, ctx)).toMatchObject({
      waitMs: 60_000,
    });
  });

  it('takes a 403 or 429 with retry-after as a secondary limit of that length', () => {
    for (const status of [403, 429])
      expect(
        classifyFailure(
          { kind: 'http', status, message: 'slow down', headers: { 'retry-after': '3' } },
          ctx,
        ),
      ).toEqual({ retry: true, waitMs: 3000, reason: 'secondary rate limit' });
  });

  it('takes a 403 with x-ratelimit-remaining 0 as the primary limit', () => {
    expect(
      classifyFailure(
        {
          kind: 'http',
          status: 403,
          message: 'API rate limit exceeded',
          headers: { 'x-ratelimit-remaining': '0', ...reset },
        },
        ctx,
      ),
    ).toEqual({ retry: true, waitMs: 120_000, reason: 'primary rate limit reached' });
  });

  it('doubles the wait for secondary limits without retry-after, by GitHub’s wording or a 429', () => {
    const secondary = {
      kind: 'http' as const,
      status: 403,
      message: 'You have exceeded a secondary rate limit.',
      headers: {},
    };
    expect(classifyFailure(secondary, ctx)).toEqual({
      retry: true,
      waitMs: 60_000,
      reason: 'secondary rate limit (no retry-after)',
      secondary: true,
    });
    expect(classifyFailure(secondary, { ...ctx, secondaryStreak: 2 })).toMatchObject({
      waitMs: 240_000,
    });
    expect(
      classifyFailure({ ...secondary, message: 'abuse detection mechanism' }, ctx),
    ).toMatchObject({ secondary: true });
    expect(
      classifyFailure({ kind: 'http', status: 429, message: 'Too Many', headers: {} }, ctx),
    ).toMatchObject({ secondary: true });
  });

  it('retries 5xx with backoff, except for mutations', () => {
    expect(
      classifyFailure(
        { kind: 'http', status: 502, message: 'Bad Gateway', headers: {} },
        { ...ctx, attempt: 3 },
      ),
    ).toEqual({ retry: true, waitMs: 2000, reason: 'server error 502' });
    expect(
      classifyFailure(
        { kind: 'http', status: 502, message: 'Bad Gateway\nmore', headers: {} },
        { ...ctx, retryServerErrors: false },
      ),
    ).toEqual({ retry: false, message: 'GitHub answered 502: Bad Gateway' });
  });

  it('gives up on a bad token and on other statuses', () => {
    expect(
      classifyFailure({ kind: 'http', status: 401, message: 'Bad credentials', headers: {} }, ctx),
    ).toEqual({
      retry: false,
      message: 'GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN',
    });
    expect(
      classifyFailure({ kind: 'http', status: 403, message: 'Forbidden', headers: {} }, ctx),
    ).toEqual({ retry: false, message: 'GitHub answered 403: Forbidden' });
    expect(
      classifyFailure({ kind: 'http', status: 404, message: 'Not Found', headers: {} }, ctx),
    ).toEqual({
      retry: false,
      message:
        'GitHub answered 404 Not Found: no GraphQL API at that URL; check GITHUB_GRAPHQL_URL (GitHub Enterprise Server: https://HOST/api/graphql)',
    });
  });

  it('gives up at once when nothing listens at the URL, the host does not exist or fetch cannot send', () => {
    const cases = [
      [
        {
          kind: 'network' as const,
          what: 'connect ECONNREFUSED 127.0.0.1:4000',
          code: 'ECONNREFUSED',
        },
        'the connection was refused (nothing listens at that address)',
      ],
      [
        { kind: 'network' as const, what: 'getaddrinfo ENOTFOUND ghe.acme', code: 'ENOTFOUND' },
        'no such host',
      ],
      [{ kind: 'network' as const, what: 'bad port' }, 'the request cannot be sent to that URL'],
      [
        {
          kind: 'network' as const,
          what: 'Request cannot be constructed from a URL that includes credentials: http://***@h/',
        },
        'the request cannot be sent to that URL',
      ],
    ] as const;
    for (const [failure, reason] of cases)
      expect(classifyFailure(failure, { ...ctx, attempt: 1 })).toEqual({
        retry: false,
        message: `cannot reach GitHub: ${reason} (${failure.what}); check GITHUB_GRAPHQL_URL and the network; not retried`,
      });
    // A reset or a timeout may pass: retried.
    const reset = { kind: 'network' as const, what: 'read ECONNRESET', code: 'ECONNRESET' };
    expect(classifyFailure(reset, ctx)).toMatchObject({ retry: true });
  });

  it('retries a network failure with backoff, except for mutations', () => {
    const failure = { kind: 'network' as const, what: 'socket hang up' };
    expect(classifyFailure(failure, { ...ctx, attempt: 2 })).toEqual({
      retry: true,
      waitMs: 1000,
      reason: 'network error (socket hang up)',
    });
    expect(classifyFailure(failure, { ...ctx, retryServerErrors: false })).toEqual({
      retry: false,
      message: 'network error: socket hang up',
    });
  });
});

describe('waits', () => {
  it('backs off from half a second, doubling, to at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(backoffMs)).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('doubles the secondary-limit wait with each one in a row', () => {
    expect([0, 1, 2].map((streak) => secondaryWaitMs(60_000, streak))).toEqual([
      60_000, 120_000, 240_000,
    ]);
  });

  it('tells the user the reason, the wait in whole seconds and the next attempt', () => {
    expect(retryMessage('server error 502', 1500, 1, 8)).toBe(
      'github: server error 502; waiting 2 s before retrying (attempt 2 of 8)',
    );
  });
});

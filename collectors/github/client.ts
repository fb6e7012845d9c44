import { graphql, GraphqlResponseError } from '@octokit/graphql';
import { rateLimitOf } from './rate-limit.ts';
import { classifyFailure, firstLine, retryMessage, type Failure } from './retry.ts';

export const DEFAULT_GRAPHQL_URL = 'https://api.github.com/graphql';
/** A request with no complete answer by then is abandoned and retried (Node's own limit is 300 s). */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** GitHub's guidance for a secondary rate limit without `retry-after`: wait at least a minute. */
export const DEFAULT_SECONDARY_RATE_LIMIT_WAIT_MS = 60_000;

export interface GithubClientOptions {
  /** The GraphQL endpoint: GITHUB_GRAPHQL_URL, for GitHub Enterprise Server and tests. */
  url: string;
  token: string;
  /** Waits; injected by tests so rate-limit waits take no time. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Messages for the user (waits, retries); never includes the token. */
  log?: (message: string) => void;
  maxAttempts?: number;
  /** Per request, until the whole answer has arrived (default 60 s); a timeout is retried like a dropped connection. */
  timeoutMs?: number;
  /** First wait for a secondary rate limit that names no `retry-after` (default 60 s), doubled on each repeat. */
  secondaryRateLimitWaitMs?: number;
}

export interface GithubClientStats {
  requests: number;
  /** Rate-limit points spent, from `rateLimit { cost }` of each answer. */
  cost: number;
  remaining: number | null;
  resetAt: string | null;
  retries: number;
}

export interface QueryOptions {
  /**
   * Retry 5xx answers, dropped connections and timeouts (default). Mutations turn this off: a
   * server error may come after the change was made, so the caller re-reads the state instead.
   */
  retryServerErrors?: boolean;
  /**
   * The points this query is expected to cost (default 1). When the last answer left fewer,
   * the client waits for the reset GitHub announced before asking, rather than be refused.
   */
  points?: number;
}

export interface GithubClient {
  query<T>(
    document: string,
    variables?: Record<string, unknown>,
    options?: QueryOptions,
  ): Promise<T>;
  readonly stats: GithubClientStats;
}

/** A GitHub API failure that retrying will not fix (bad token, invalid query, missing repository). */
export class GithubApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GithubApiError';
  }
}

const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * A GraphQL client that retries server errors, dropped connections and timeouts with backoff,
 * and waits out primary and secondary rate limits as GitHub's headers (or, without them, its
 * documented guidance) ask, telling the user why. What to do about a failure is decided in
 * retry.ts; this loop only sends, counts, waits and throws.
 */
export function createGithubClient(opts: GithubClientOptions): GithubClient {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const maxAttempts = opts.maxAttempts ?? 8;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secondaryWaitMs = opts.secondaryRateLimitWaitMs ?? DEFAULT_SECONDARY_RATE_LIMIT_WAIT_MS;
  const request = graphql.defaults({
    url: opts.url,
    headers: { authorization: `bearer ${opts.token}`, 'user-agent': 'docket-compliance-collector' },
  });
  const stats: GithubClientStats = {
    requests: 0,
    cost: 0,
    remaining: null,
    resetAt: null,
    retries: 0,
  };
  // Secondary limits met in a row without retry-after: each wait doubles, as GitHub asks.
  let secondaryStreak = 0;

  /** One exchange: the answer, or the failure described as data. */
  async function send<T>(
    document: string,
    variables: Record<string, unknown>,
  ): Promise<{ data: T } | { failure: Failure }> {
    // A fresh signal per attempt: it bounds the whole exchange, the answer's body included.
    // (A timer cleared as soon as the answer is in, rather than AbortSignal.timeout's, which
    // would stay pending for the full timeout after every request.)
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const timedOut = `no complete answer within ${formatMs(timeoutMs)}`;
    try {
      const data = (await request(document, { ...variables, request: { signal } })) as
        T | undefined;
      // Octokit hands back `undefined` when the body was cut off (it cannot parse it as JSON).
      if (data === undefined || data === null)
        return {
          failure: { kind: 'network', what: signal.aborted ? timedOut : 'incomplete answer' },
        };
      return { data };
    } catch (err) {
      return { failure: describeFailure(err, signal.aborted ? timedOut : null) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the reset when the budget left is known to be below what the query needs. */
  async function waitForBudget(points: number): Promise<void> {
    if (stats.remaining === null || stats.resetAt === null || stats.remaining >= points) return;
    const waitMs = Math.min(MAX_WAIT_MS, Date.parse(stats.resetAt) - now() + 1000);
    if (!(waitMs > 0)) return;
    log(
      `github: ${stats.remaining} rate-limit points left, the next query needs about ` +
        `${points}; waiting ${Math.ceil(waitMs / 1000)} s for the reset at ${stats.resetAt}`,
    );
    await sleep(waitMs);
    stats.remaining = null;
  }

  async function query<T>(
    document: string,
    variables: Record<string, unknown> = {},
    options: QueryOptions = {},
  ): Promise<T> {
    const retryServerErrors = options.retryServerErrors ?? true;
    await waitForBudget(options.points ?? 1);
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      const outcome = await send<T>(document, variables);
      if ('data' in outcome) {
        const rateLimit = rateLimitOf(outcome.data);
        if (rateLimit) {
          stats.cost += rateLimit.cost;
          stats.remaining = rateLimit.remaining;
          stats.resetAt = rateLimit.resetAt;
        }
        secondaryStreak = 0;
        return outcome.data;
      }
      const verdict = classifyFailure(outcome.failure, {
        attempt,
        retryServerErrors,
        secondaryStreak,
        secondaryWaitMs,
        nowMs: now(),
      });
      if (!verdict.retry) throw new GithubApiError(verdict.message);
      if (verdict.secondary) secondaryStreak++;
      if (attempt >= maxAttempts)
        throw new GithubApiError(`giving up after ${attempt} attempts: ${verdict.reason}`);
      const wait = Math.min(verdict.waitMs, MAX_WAIT_MS);
      stats.retries++;
      log(retryMessage(verdict.reason, wait, attempt, maxAttempts));
      await sleep(wait);
    }
  }
  return { query, stats };
}

/**
 * Octokit's errors as a Failure: GraphQL errors, an HTTP error status, or no answer at all
 * (octokit reports those as status 500 without a response; `timedOut` says it was our timeout).
 */
export function describeFailure(err: unknown, timedOut: string | null): Failure {
  if (err instanceof GraphqlResponseError)
    return {
      kind: 'graphql',
      errors: (err.errors ?? []) as { type?: string; message: string }[],
      headers: err.headers as Record<string, unknown>,
    };
  if (isHttpError(err) && err.response)
    return {
      kind: 'http',
      status: err.status,
      message: err.message,
      headers: err.response.headers as Record<string, unknown> | undefined,
    };
  if (timedOut !== null) return { kind: 'network', what: timedOut };
  const code = errorCode(err);
  const what = withoutUrlCredentials(firstLine((err as Error).message));
  return code !== undefined ? { kind: 'network', what, code } : { kind: 'network', what };
}

/** The system error code (ECONNREFUSED, ...) of an error or of one of its causes. */
function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** `https://user:password@host` → `https://***@host`: fetch's messages repeat the URL. */
export function withoutUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}

/**
 * The GraphQL endpoint from GITHUB_GRAPHQL_URL, checked before any request: an absolute http(s)
 * URL without credentials (fetch refuses those, and they would be printed).
 */
export function graphqlUrlFrom(raw: string | undefined): string {
  if (!raw) return DEFAULT_GRAPHQL_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GithubApiError(
      `GITHUB_GRAPHQL_URL is not a URL (${JSON.stringify(withoutUrlCredentials(raw))}): ` +
        `give the full endpoint, e.g. https://github.example.com/api/graphql`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new GithubApiError(
      `GITHUB_GRAPHQL_URL must be an http(s) URL, not ${url.protocol} (${withoutUrlCredentials(raw)})`,
    );
  if (url.username || url.password)
    throw new GithubApiError(
      `GITHUB_GRAPHQL_URL carries credentials (${withoutUrlCredentials(raw)}): remove ` +
        `user:password@ from it; the token goes in GITHUB_TOKEN`,
    );
  return raw;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function isHttpError(
  err: unknown,
): err is { status: number; message: string; response?: { headers?: unknown } } {
  return (
    err instanceof Error &&
    err.name === 'HttpError' &&
    typeof (err as { status?: unknown }).status === 'number'
  );
}

/**
 * The client `docket collect` makes: token and endpoint (GitHub Enterprise Server, tests) from
 * the environment, the request timeout from the config's `github.request_timeout_seconds`.
 */
export function githubClientFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  github: { request_timeout_seconds: number },
  opts: Omit<GithubClientOptions, 'url' | 'token'> = {},
): GithubClient {
  const token = env.GITHUB_TOKEN;
  if (!token)
    throw new GithubApiError(
      'GITHUB_TOKEN is not set: export a token that can read the repositories (and, ' +
        'for `docket issues`, write issues)',
    );
  return createGithubClient({
    url: graphqlUrlFrom(env.GITHUB_GRAPHQL_URL),
    token,
    timeoutMs: github.request_timeout_seconds * 1000,
    ...opts,
  });
}

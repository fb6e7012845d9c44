import { graphql, GraphqlResponseError } from '@octokit/graphql';

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

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
const MAX_WAIT_MS = 60 * 60 * 1000;
// GitHub's wording for secondary limits; older servers (GHES) still say "abuse detection".
const SECONDARY_LIMIT_TEXT = /secondary rate limit|abuse detection/i;

/**
 * A GraphQL client that retries server errors, dropped connections and timeouts with backoff,
 * and waits out primary and secondary rate limits as GitHub's headers (or, without them, its
 * documented guidance) ask, telling the user why.
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

  const untilReset = (headers: Record<string, unknown> | undefined): number | null => {
    const reset = Number(headers?.['x-ratelimit-reset']);
    return Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - now() + 1000) : null;
  };

  async function query<T>(
    document: string,
    variables: Record<string, unknown> = {},
    options: QueryOptions = {},
  ): Promise<T> {
    const retryServerErrors = options.retryServerErrors ?? true;
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      let wait: number;
      let reason: string;
      // A fresh signal per attempt: it bounds the whole exchange, the answer's body included.
      // (A timer cleared as soon as the answer is in, rather than AbortSignal.timeout's, which
      // would stay pending for the full timeout after every request.)
      const controller = new AbortController();
      const { signal } = controller;
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const timedOut = `no complete answer within ${formatMs(timeoutMs)}`;
      try {
        const data = (await request(document, { ...variables, request: { signal } })) as
          (T & { rateLimit?: { cost: number; remaining: number; resetAt: string } }) | undefined;
        // Octokit hands back `undefined` when the body was cut off (it cannot parse it as JSON).
        if (data === undefined || data === null)
          throw new IncompleteAnswer(signal.aborted ? timedOut : 'incomplete answer');
        if (data.rateLimit) {
          stats.cost += data.rateLimit.cost;
          stats.remaining = data.rateLimit.remaining;
          stats.resetAt = data.rateLimit.resetAt;
        }
        secondaryStreak = 0;
        return data;
      } catch (err) {
        if (err instanceof GraphqlResponseError) {
          const limited = (err.errors ?? []).some(
            (e) => (e as { type?: string }).type === 'RATE_LIMITED',
          );
          if (!limited)
            throw new GithubApiError(
              `GitHub rejected the query: ${(err.errors ?? []).map((e) => e.message).join('; ')}`,
            );
          wait = untilReset(err.headers as Record<string, unknown>) ?? 60_000;
          reason = 'primary rate limit reached';
        } else if (isHttpError(err) && err.response) {
          const headers = err.response.headers as Record<string, unknown> | undefined;
          const retryAfter = Number(headers?.['retry-after'] ?? Number.NaN);
          const limitStatus = err.status === 403 || err.status === 429;
          if (limitStatus && Number.isFinite(retryAfter) && retryAfter >= 0) {
            wait = retryAfter * 1000;
            reason = 'secondary rate limit';
          } else if (limitStatus && headers?.['x-ratelimit-remaining'] === '0') {
            wait = untilReset(headers) ?? 60_000;
            reason = 'primary rate limit reached';
          } else if (
            err.status === 429 ||
            (err.status === 403 && SECONDARY_LIMIT_TEXT.test(err.message))
          ) {
            // No header says how long: GitHub documents "at least one minute", longer on repeats.
            wait = secondaryWaitMs * 2 ** secondaryStreak;
            secondaryStreak++;
            reason = 'secondary rate limit (no retry-after)';
          } else if (RETRYABLE_STATUS.has(err.status) && retryServerErrors) {
            wait = backoff(attempt);
            reason = `server error ${err.status}`;
          } else if (err.status === 401) {
            throw new GithubApiError(
              'GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN',
            );
          } else {
            throw new GithubApiError(`GitHub answered ${err.status}: ${firstLine(err.message)}`);
          }
        } else {
          // No HTTP answer (octokit reports these as status 500 without a response), a cut-off
          // body, or our own timeout: the request may be retried safely unless it changes state.
          const what = signal.aborted ? timedOut : firstLine((err as Error).message);
          if (!retryServerErrors) throw new GithubApiError(`network error: ${what}`);
          wait = backoff(attempt);
          reason = `network error (${what})`;
        }
      } finally {
        clearTimeout(timer);
      }
      if (attempt >= maxAttempts)
        throw new GithubApiError(`giving up after ${attempt} attempts: ${reason}`);
      wait = Math.min(wait, MAX_WAIT_MS);
      stats.retries++;
      log(
        `github: ${reason}; waiting ${Math.ceil(wait / 1000)} s before retrying (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      await sleep(wait);
    }
  }
  return { query, stats };
}

class IncompleteAnswer extends Error {}

function backoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1));
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
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

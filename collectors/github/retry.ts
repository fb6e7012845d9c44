// What to do about a failed GitHub request: give up (and say why) or wait and retry (how long,
// and why). Pure: the failure is described as data (see client.ts for how octokit's errors are
// read), so each case can be tested without a server.
import { primaryLimitSpent, retryAfterMs, untilResetMs, type Headers } from './rate-limit.ts';

/** A failed request, as the client saw it. */
export type Failure =
  /** GitHub answered with GraphQL errors (HTTP 200). */
  | { kind: 'graphql'; errors: readonly { type?: string; message: string }[]; headers: Headers }
  /** GitHub answered with an HTTP error status. */
  | { kind: 'http'; status: number; message: string; headers: Headers }
  /**
   * No (complete) answer: a dropped connection, a cut-off body or our own timeout. `code` is the
   * system's error code when there was one (ECONNREFUSED, ENOTFOUND, ...).
   */
  | { kind: 'network'; what: string; code?: string };

/** What the client knows when it decides. */
export interface RetryContext {
  /** 1 for the first try. */
  attempt: number;
  /** False for mutations: a server error may come after the change was made. */
  retryServerErrors: boolean;
  /** Secondary limits without `retry-after` met in a row, before this one. */
  secondaryStreak: number;
  /** The first wait for such a limit (doubled on each repeat). */
  secondaryWaitMs: number;
  nowMs: number;
}

export type Verdict =
  | { retry: false; message: string }
  /** `secondary`: a secondary limit without `retry-after`, which lengthens the streak. */
  | { retry: true; waitMs: number; reason: string; secondary?: true };

/** Without a header that says how long, a primary limit is waited out this long. */
export const PRIMARY_LIMIT_FALLBACK_MS = 60_000;
/** Transient server failures. */
const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
// GitHub's wording for secondary limits; older servers (GHES) still say "abuse detection".
const SECONDARY_LIMIT_TEXT = /secondary rate limit|abuse detection/i;

/** Retry or give up, with the wait and the reason the user is told. */
export function classifyFailure(failure: Failure, ctx: RetryContext): Verdict {
  switch (failure.kind) {
    case 'graphql':
      return classifyGraphqlErrors(failure, ctx);
    case 'http':
      return classifyHttpStatus(failure, ctx);
    case 'network': {
      const unfixable = unfixableNetworkError(failure);
      if (unfixable !== null) return { retry: false, message: unfixable };
      // The request may be retried safely unless it changes state.
      return ctx.retryServerErrors
        ? {
            retry: true,
            waitMs: backoffMs(ctx.attempt),
            reason: `network error (${failure.what})`,
          }
        : { retry: false, message: `network error: ${failure.what}` };
    }
  }
}

/** Codes of network errors no retry fixes: nothing listens there, or no such host. */
const UNFIXABLE_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused (nothing listens at that address)',
  ENOTFOUND: 'no such host',
  ERR_INVALID_URL: 'not a valid URL',
};
/** What fetch refuses before it sends anything. */
const UNSENDABLE = /bad port|includes credentials|Invalid URL|unknown scheme/i;

/**
 * The message for a network error that retrying the same URL cannot fix, or null when a retry
 * may help (a dropped connection, a timeout, a reset).
 */
export function unfixableNetworkError(failure: { what: string; code?: string }): string | null {
  const reason =
    (failure.code !== undefined ? UNFIXABLE_CODES[failure.code] : undefined) ??
    (UNSENDABLE.test(failure.what) ? 'the request cannot be sent to that URL' : undefined);
  if (reason === undefined) return null;
  return (
    `cannot reach GitHub: ${reason} (${failure.what}); check GITHUB_GRAPHQL_URL ` +
    `and the network; not retried`
  );
}

function classifyGraphqlErrors(
  failure: Extract<Failure, { kind: 'graphql' }>,
  ctx: RetryContext,
): Verdict {
  if (!failure.errors.some((e) => e.type === 'RATE_LIMITED'))
    return {
      retry: false,
      message: `GitHub rejected the query: ${failure.errors.map((e) => e.message).join('; ')}`,
    };
  return {
    retry: true,
    waitMs: untilResetMs(failure.headers, ctx.nowMs) ?? PRIMARY_LIMIT_FALLBACK_MS,
    reason: 'primary rate limit reached',
  };
}

function classifyHttpStatus(
  failure: Extract<Failure, { kind: 'http' }>,
  ctx: RetryContext,
): Verdict {
  const { status, headers } = failure;
  const limitStatus = status === 403 || status === 429;
  const retryAfter = retryAfterMs(headers);
  if (limitStatus && retryAfter !== null)
    return { retry: true, waitMs: retryAfter, reason: 'secondary rate limit' };
  if (limitStatus && primaryLimitSpent(headers))
    return {
      retry: true,
      waitMs: untilResetMs(headers, ctx.nowMs) ?? PRIMARY_LIMIT_FALLBACK_MS,
      reason: 'primary rate limit reached',
    };
  if (status === 429 || (status === 403 && SECONDARY_LIMIT_TEXT.test(failure.message)))
    // No header says how long: GitHub documents "at least one minute", longer on repeats.
    return {
      retry: true,
      waitMs: secondaryWaitMs(ctx.secondaryWaitMs, ctx.secondaryStreak),
      reason: 'secondary rate limit (no retry-after)',
      secondary: true,
    };
  if (RETRYABLE_STATUS.has(status) && ctx.retryServerErrors)
    return { retry: true, waitMs: backoffMs(ctx.attempt), reason: `server error ${status}` };
  if (status === 401)
    return {
      retry: false,
      message: 'GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN',
    };
  if (status === 404)
    return {
      retry: false,
      message:
        `GitHub answered 404 Not Found: no GraphQL API at that URL; check GITHUB_GRAPHQL_URL ` +
        `(GitHub Enterprise Server: https://HOST/api/graphql)`,
    };
  return { retry: false, message: `GitHub answered ${status}: ${firstLine(failure.message)}` };
}

/** Exponential backoff for server and network errors: 0.5 s, 1 s, 2 s, … up to 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1));
}

/** The wait for the (streak + 1)-th secondary limit in a row that names no `retry-after`. */
export function secondaryWaitMs(firstWaitMs: number, streak: number): number {
  return firstWaitMs * 2 ** streak;
}

/** The line the user reads before a wait. */
export function retryMessage(
  reason: string,
  waitMs: number,
  attempt: number,
  maxAttempts: number,
): string {
  return (
    `github: ${reason}; waiting ${Math.ceil(waitMs / 1000)} s before retrying ` +
    `(attempt ${attempt + 1} of ${maxAttempts})`
  );
}

export function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

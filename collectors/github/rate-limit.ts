// Reading GitHub's rate-limit signals: the response headers of a refused request, and the
// `rateLimit { cost remaining resetAt }` every Docket query asks for. Pure: headers and times in,
// numbers out.

/** Response headers as octokit hands them over: lower-case names, values of any type. */
export type Headers = Readonly<Record<string, unknown>> | undefined;

/** The `rateLimit` field of an answer. */
export interface RateLimitField {
  cost: number;
  remaining: number;
  resetAt: string;
}

/**
 * How long until the primary limit resets (`x-ratelimit-reset`, seconds since the epoch), plus
 * a second for clock skew and never less than a second; null when the header is absent or
 * nonsense.
 */
export function untilResetMs(headers: Headers, nowMs: number): number | null {
  const reset = Number(headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - nowMs + 1000) : null;
}

/** The wait a `retry-after` header asks for (seconds), or null without a usable one. */
export function retryAfterMs(headers: Headers): number | null {
  const retryAfter = Number(headers?.['retry-after'] ?? Number.NaN);
  return Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : null;
}

/** Whether the headers say the primary limit is spent. */
export function primaryLimitSpent(headers: Headers): boolean {
  return headers?.['x-ratelimit-remaining'] === '0';
}

/** The `rateLimit` field of an answer, if the query asked for it. */
export function rateLimitOf(data: unknown): RateLimitField | null {
  const field = (data as { rateLimit?: RateLimitField } | null | undefined)?.rateLimit;
  return field ?? null;
}

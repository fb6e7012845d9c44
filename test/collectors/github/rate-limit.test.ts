import { describe, expect, it } from 'vitest';
import {
  primaryLimitSpent,
  rateLimitOf,
  retryAfterMs,
  untilResetMs,
} from '../../../collectors/github/rate-limit.ts';

const now = Date.parse('2026-11-22T12:00:00Z');

describe('rate-limit headers', () => {
  it('waits until x-ratelimit-reset plus a second, at least a second', () => {
    expect(untilResetMs({ 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(31_000);
    expect(untilResetMs({ 'x-ratelimit-reset': String(now / 1000 - 600) }, now)).toBe(1000);
  });

  it('has no reset wait without a usable header', () => {
    expect(untilResetMs(undefined, now)).toBeNull();
    expect(untilResetMs({}, now)).toBeNull();
    expect(untilResetMs({ 'x-ratelimit-reset': 'soon' }, now)).toBeNull();
    expect(untilResetMs({ 'x-ratelimit-reset': '0' }, now)).toBeNull();
  });

  it('reads retry-after in seconds, zero included', () => {
    expect(retryAfterMs({ 'retry-after': '7' })).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 0 })).toBe(0);
    expect(retryAfterMs({ 'retry-after': '-1' })).toBeNull();
    expect(retryAfterMs({ 'retry-after': 'later' })).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it('knows a spent primary limit by x-ratelimit-remaining: 0', () => {
    expect(primaryLimitSpent({ 'x-ratelimit-remaining': '0' })).toBe(true);
    expect(primaryLimitSpent({ 'x-ratelimit-remaining': '12' })).toBe(false);
    expect(primaryLimitSpent(undefined)).toBe(false);
  });

  it('reads the rateLimit field of an answer, when asked for', () => {
    const rateLimit = { cost: 3, remaining: 4990, resetAt: '2026-11-22T13:00:00Z' };
    expect(rateLimitOf({ rateLimit, repository: {} })).toEqual(rateLimit);
    expect(rateLimitOf({ viewer: { login: 'x' } })).toBeNull();
    expect(rateLimitOf(null)).toBeNull();
  });
});

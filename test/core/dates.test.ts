import { describe, expect, it } from 'vitest';
import { compareInstants, inPeriod } from '../../src/core/dates.ts';

describe('instants', () => {
  it('orders UTC instants written alike as text, and any others by parsing them', () => {
    expect(compareInstants('2026-03-01T10:00:00Z', '2026-03-01T10:00:01Z')).toBeLessThan(0);
    expect(compareInstants('2026-03-01T10:00:00.500Z', '2026-03-01T10:00:00.499Z')).toBeGreaterThan(
      0,
    );
    expect(compareInstants('2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z')).toBe(0);
    // Written differently: with and without milliseconds, or with an offset.
    expect(compareInstants('2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z')).toBe(0);
    expect(compareInstants('2026-03-01T10:00:00.001Z', '2026-03-01T10:00:00Z')).toBeGreaterThan(0);
    expect(compareInstants('2026-03-01T11:00:00+02:00', '2026-03-01T10:00:00Z')).toBeLessThan(0);
    expect(compareInstants('2026-03-01T09:30:00-01:00', '2026-03-01T10:00:00Z')).toBeGreaterThan(0);
  });

  it('places an instant in a period of whole UTC days, both ends included', () => {
    const period = { start: '2026-01-01', end: '2026-12-31' };
    expect(inPeriod('2026-12-31T23:59:59Z', period)).toBe(true);
    expect(inPeriod('2027-01-01T00:00:00Z', period)).toBe(false);
    expect(inPeriod('2026-01-01T00:30:00+01:00', period)).toBe(false);
  });
});

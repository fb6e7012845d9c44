// The shape of a synthetic organisation (scripts/synth.ts) that the benchmark and the fake
// GitHub process read back.

export type SynthSize = 'small' | 'medium' | 'large';

export interface SynthSpec {
  size: SynthSize;
  seed: string;
  owner: string;
  repos: { name: string; count: number; firstNumber: number }[];
  /** The share of each pull-request gap kind the generator injects. */
  rates: Record<string, number>;
  events: number;
  expected: Record<string, number>;
}

export const SIZES: Record<
  SynthSize,
  { controls: number; documents: number; repos: number; prs: number; events: number }
> = {
  small: { controls: 20, documents: 40, repos: 4, prs: 1_000, events: 20_000 },
  medium: { controls: 100, documents: 300, repos: 40, prs: 20_000, events: 200_000 },
  large: { controls: 300, documents: 1_000, repos: 200, prs: 100_000, events: 1_000_000 },
};

/** The documented share of each gap kind (README, "Performance"). */
export const SHARES = {
  documents: { overdue: 0.1, missingReview: 0.03, unmapped: 0.02, brokenLink: 0.01 },
  pullRequests: {
    noApproval: 0.04,
    selfApproval: 0.02,
    stale: 0.03,
    failedCheck: 0.03,
    template: 0.05,
    unsigned: 0.02,
    emergency: 0.01,
    highRisk: 0.1,
  },
  deploymentsOutsideWindow: 0.05,
  cloudtrail: {
    readOnly: 0.85,
    ciWrites: 0.1,
    service: 0.03,
    consoleLogins: 0.019,
    consoleChangesPerMillion: 20,
    manualChangesPerMillion: 20,
    breakGlassSessions: 12,
  },
  policyScanFailures: 0.02,
};

/** The token the benchmark's fake GitHub accepts. */
export const BENCH_TOKEN = 'ghp_benchbenchbenchbenchbenchbench000001';

import { breakGlassSessionsKind } from './break-glass-sessions.ts';
import { mergedPullRequestsKind } from './merged-pull-requests.ts';
import { policyScansKind } from './policy-scans.ts';
import type { PopulationKind } from './population.ts';
import { productionChangesKind } from './production-changes.ts';
import { productionDeploymentsKind } from './production-deployments.ts';

/** Every population kind, by id. */
export const POPULATIONS: ReadonlyMap<string, PopulationKind> = new Map(
  [
    mergedPullRequestsKind,
    productionDeploymentsKind,
    productionChangesKind,
    breakGlassSessionsKind,
    policyScansKind,
  ].map((k) => [k.id, k]),
);

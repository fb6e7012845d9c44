import { mergedPullRequestsKind } from './merged-pull-requests.ts';
import type { PopulationKind } from './population.ts';
import { productionDeploymentsKind } from './production-deployments.ts';

/** Every population kind, by id. */
export const POPULATIONS: ReadonlyMap<string, PopulationKind> = new Map([mergedPullRequestsKind, productionDeploymentsKind].map((k) => [k.id, k]));

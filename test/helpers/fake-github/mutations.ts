import type { FakeGithubData } from './dataset.ts';

/** The Mutation root over the dataset; gap-issue mutations are added here. */
export function mutationRoot(_data: FakeGithubData): Record<string, unknown> {
  return {};
}

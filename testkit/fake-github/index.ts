export { FakeGithubData, type FakeIssue, type FakeLabel, type FakeRepo } from './dataset.ts';
export { startFakeGithub, type FakeGithub, type FaultKind, type RequestLog } from './server.ts';
export { githubSchema } from './schema.ts';

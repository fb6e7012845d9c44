// Serves a synthetic organisation's pull requests from the fake GitHub, in a process of its own
// so the benchmark measures the collector alone. Started with fork(); messages:
//   → { ready: url }    ← { touch: n } → { touched: n }    (n pull requests edited "today")
//   ← { costs: true } → { costs: { requests, points, byOperation } }   (requests answered since
//   the last such message, and their rate-limit points by GitHub's formula, testkit's cost.ts)
import { readFileSync } from 'node:fs';
import { startFakeGithub } from '../../testkit/fake-github/index.ts';
import { synthGithubData } from './synth-github.ts';
import { BENCH_TOKEN, type SynthSpec } from './synth-spec.ts';

const spec = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as SynthSpec;
const data = synthGithubData(spec);
const server = await startFakeGithub(data, { token: BENCH_TOKEN, rateLimit: 1_000_000 });
process.send?.({ ready: server.url });
let counted = 0;
process.on('message', (message: { touch?: number; costs?: boolean }) => {
  if (message.costs) {
    const byOperation: Record<string, { requests: number; points: number }> = {};
    for (const r of server.log.slice(counted)) {
      const op = (byOperation[r.operation ?? '(none)'] ??= { requests: 0, points: 0 });
      op.requests++;
      op.points += r.cost;
    }
    const entries = Object.values(byOperation);
    process.send?.({
      costs: {
        requests: entries.reduce((n, o) => n + o.requests, 0),
        points: entries.reduce((n, o) => n + o.points, 0),
        byOperation,
      },
    });
    counted = server.log.length;
  }
  if (message.touch !== undefined) {
    // A day of changes: edits spread over the repositories, each bumping updatedAt.
    const repos = [...data.repos.values()];
    for (let i = 0; i < message.touch; i++) {
      const repo = repos[i % repos.length];
      const pr = repo?.pullRequests[(i * 7919) % repo.pullRequests.length];
      if (pr)
        Object.assign(pr, {
          title: `${pr.title} (edited)`,
          updated_at: `2026-11-21T${String(10 + (i % 10)).padStart(2, '0')}:00:00Z`,
        });
    }
    process.send?.({ touched: message.touch });
  }
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));

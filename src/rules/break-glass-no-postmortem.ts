import { z } from 'zod';
import { breakGlassSessions, cloudSubject } from '../core/cloudtrail/sessions.ts';
import { labelledPullRequests } from '../core/github/scope.ts';
import { defineRule } from './rule.ts';

const HOUR = 3_600_000;

interface Window {
  start?: unknown;
  end?: unknown;
}

export default defineRule({
  id: 'break-glass-no-postmortem',
  title: 'Break-glass use without a post-mortem',
  description:
    'An assumption of a break-glass role (`aws.break_glass_roles`) with no post-mortem: a document of `type: postmortem` whose frontmatter names the session (`session:`) or whose `incident_window` covers the session start, or a GitHub pull request with one of `labels` opened within `within_hours` after the session. The changes made inside the session are listed on the gap. Sessions whose window has not ended at the as-of date are not reported.',
  severity: 'high',
  kind: 'check',
  source: 'cloudtrail',
  population: 'break-glass-sessions',
  params: z.strictObject({ within_hours: z.number().positive().default(24), labels: z.array(z.string()).default(['postmortem']) }),
  remedy: 'Write the post-mortem (type: postmortem, with `session:` naming the session) listing each change made under the role.',
  run({ model, params }) {
    const endOfAsOf = Date.parse(`${model.asOf}T23:59:59.999Z`);
    const postmortems = model.content.documents.filter((d) => d.type === 'postmortem');
    // Pull requests are only looked at when labelled as a post-mortem, so select those once.
    const labelledAt = (model.evidence.github ? labelledPullRequests(model, params.labels) : []).map((pr) => Date.parse(pr.created_at));
    return breakGlassSessions(model).flatMap((s) => {
      const deadline = Date.parse(s.end) + params.within_hours * HOUR;
      if (deadline > endOfAsOf) return [];
      const start = Date.parse(s.start);
      const byDocument = postmortems.find((d) => {
        if (s.session_name !== null && d.extra.session === s.session_name) return true;
        const w = d.extra.incident_window as Window | undefined;
        const from = Date.parse(String(w?.start ?? ''));
        const to = Date.parse(String(w?.end ?? ''));
        return Number.isFinite(from) && Number.isFinite(to) && from <= start && start <= to;
      });
      const byPullRequest = labelledAt.some((t) => t >= start && t <= deadline);
      if (byDocument || byPullRequest) return [];
      return [
        {
          subject: cloudSubject(s.event),
          title: `Break-glass session ${s.session_name ?? '(unnamed)'} in ${s.event.account} at ${s.start} by ${s.by ?? 'unknown'}: no post-mortem within ${params.within_hours} h (${s.changes.length} ${s.changes.length === 1 ? 'change' : 'changes'} made)`,
          evidence: [cloudSubject(s.event), ...s.changes.map(cloudSubject)],
          details: {
            session: s.session_name,
            role: s.role_arn,
            start: s.start,
            end: s.end,
            changes: s.changes.map((e) => ({ event_id: e.event_id, time: e.time, name: e.name, source: e.source, console: e.console, resources: e.resources.map((r) => r.arn).filter((a) => a !== null) })),
          },
        },
      ];
    });
  },
});

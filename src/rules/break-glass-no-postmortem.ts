import { z } from 'zod';
import {
  postmortemDeadline,
  postmortemDocuments,
  postmortemPullRequests,
  POSTMORTEM_DATE_KEYS,
} from '../core/cloudtrail/postmortem.ts';
import { breakGlassSessions, cloudSubject } from '../core/cloudtrail/sessions.ts';
import { labelledPullRequests } from '../core/github/scope.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'break-glass-no-postmortem',
  title: 'Break-glass use without a post-mortem',
  description:
    'An assumption of a break-glass role (`aws.break_glass_roles`) with no post-mortem within ' +
    "`within_hours` after the session's credentials expired: either a document of " +
    '`type: postmortem` whose frontmatter names the session (`session:`) or whose ' +
    '`incident_window` covers the session start, written by the deadline by its ' +
    `\`${POSTMORTEM_DATE_KEYS.join('` (or `')}\` frontmatter (a day without a time counts as ` +
    'that whole day; a document without a date is accepted whenever it was written), or a merged ' +
    'GitHub pull request with one of `labels` opened within the window (pull requests only: ' +
    'issues are not collected). The changes made inside the session are listed on the gap. ' +
    'Sessions whose window has not ended at the as-of date are not reported yet.',
  severity: 'high',
  kind: 'check',
  source: 'cloudtrail',
  population: 'break-glass-sessions',
  params: z.strictObject({
    within_hours: z.number().positive().default(24),
    labels: z.array(z.string()).default(['postmortem']),
  }),
  remedy:
    'Write the post-mortem (type: postmortem, with `session:` naming the session and ' +
    '`date:` the day it was written) listing each change made under the role.',
  reads: {
    pullRequests: ({ model, params }) =>
      model.evidence.github ? labelledPullRequests(model, params.labels) : [],
  },
  run({ model, params }) {
    const endOfAsOf = Date.parse(`${model.asOf}T23:59:59.999Z`);
    const documents = model.content.documents;
    // Pull requests are only looked at when labelled as a post-mortem, so select those once.
    const labelled = model.evidence.github ? labelledPullRequests(model, params.labels) : [];
    return breakGlassSessions(model).flatMap((s) => {
      const deadline = postmortemDeadline(s, params.within_hours);
      if (deadline > endOfAsOf) return [];
      const found = postmortemDocuments(documents, s, params.within_hours);
      if (found.satisfying || postmortemPullRequests(labelled, s, params.within_hours).length > 0)
        return [];
      const deadlineText = new Date(deadline).toISOString();
      // A post-mortem that exists but was written late, or whose date cannot be read, is named.
      const why = found.documents.flatMap(({ document: d, date }) =>
        date.state === 'unreadable'
          ? [`${d.path} has ${date.key}: ${JSON.stringify(date.value)}, not a date`]
          : date.state === 'late'
            ? [`${d.path} is dated ${date.value}, after ${deadlineText}`]
            : [],
      );
      return [
        {
          subject: cloudSubject(s.event),
          title:
            `Break-glass session ${s.session_name ?? '(unnamed)'} in ${s.event.account} at ` +
            `${s.start} by ${s.by ?? 'unknown'}: no post-mortem within ${params.within_hours} h` +
            (why.length ? ` (${why.join('; ')})` : '') +
            ` (${s.changes.length} ${s.changes.length === 1 ? 'change' : 'changes'} made)`,
          evidence: [cloudSubject(s.event), ...s.changes.map(cloudSubject)],
          details: {
            session: s.session_name,
            role: s.role_arn,
            start: s.start,
            end: s.end,
            deadline: deadlineText,
            postmortems: found.documents.map(({ document: d, date }) => ({
              path: d.path,
              date: date.state === 'undated' ? null : date.value,
              state: date.state,
            })),
            changes: s.changes.map((e) => ({
              event_id: e.event_id,
              time: e.time,
              name: e.name,
              source: e.source,
              console: e.console,
              resources: e.resources.map((r) => r.arn).filter((a) => a !== null),
            })),
          },
        },
      ];
    });
  },
});

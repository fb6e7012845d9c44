import { breakGlassSessions, cloudSubject } from '../cloudtrail/sessions.ts';
import { sourceLinkOf } from '../evidence-items.ts';
import type { PopulationKind } from './population.ts';
import { byOccurrence } from './sort.ts';

export const breakGlassSessionsKind: PopulationKind = {
  id: 'break-glass-sessions',
  title: 'Break-glass sessions',
  source: 'cloudtrail',
  columns: [
    { key: 'session', label: 'Session' },
    { key: 'by', label: 'Assumed by' },
    { key: 'end', label: 'Ends' },
    { key: 'changes', label: 'Changes made' },
  ],
  items(model) {
    return breakGlassSessions(model)
      .map((s) => ({
        subject: cloudSubject(s.event),
        occurred_at: s.start,
        title: `${s.role_arn.split('/').at(-1)} session ${s.session_name ?? '(unnamed)'}`,
        // The session's start (its AssumeRole event) in the CloudTrail console.
        url:
          sourceLinkOf(`cloudtrail/${s.event.account}`, s.event, model.config.github.web_url) ??
          undefined,
        attributes: {
          session: s.session_name,
          by: s.by,
          account: s.event.account,
          end: s.end,
          changes: s.changes.map((e) => `${e.time.slice(11, 19)} ${e.name}`),
        },
      }))
      .sort(byOccurrence);
  },
};

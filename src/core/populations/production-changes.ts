import {
  breakGlassSessions,
  cloudSubject,
  principalKind,
  productionWrites,
} from '../cloudtrail/sessions.ts';
import type { PopulationKind } from './population.ts';
import { byOccurrence } from './sort.ts';

export const productionChangesKind: PopulationKind = {
  id: 'production-changes',
  title: 'Changes to production accounts',
  source: 'cloudtrail',
  columns: [
    { key: 'account', label: 'Account' },
    { key: 'kind', label: 'Made by' },
    { key: 'principal', label: 'Principal' },
    { key: 'event', label: 'Event' },
    { key: 'resources', label: 'Resources' },
  ],
  items(model) {
    const sessions = breakGlassSessions(model);
    const names = model.config.aws?.accounts ?? {};
    return productionWrites(model)
      .map((e) => ({
        subject: cloudSubject(e),
        occurred_at: e.time,
        title: `${e.source.replace('.amazonaws.com', '')}:${e.name}`,
        url: `https://${e.region}.console.aws.amazon.com/cloudtrailv2/home?region=${e.region}#/events/${encodeURIComponent(e.event_id)}`,
        attributes: {
          account: names[e.account] ? `${names[e.account]?.name} (${e.account})` : e.account,
          kind: principalKind(model, e, sessions),
          principal: e.principal.arn,
          event: e.name,
          region: e.region,
          resources: e.resources.map((r) => r.arn).filter((a): a is string => a !== null),
        },
      }))
      .sort(byOccurrence);
  },
};

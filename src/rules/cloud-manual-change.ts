import { z } from 'zod';
import {
  breakGlassSessions,
  cloudSubject,
  principalKind,
  productionWrites,
} from '../core/cloudtrail/sessions.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'cloud-manual-change',
  title: 'Manual change in production',
  description:
    'A successful write event in a production account by a principal that is not one ' +
    'of `aws.ci_principals`, not an AWS service acting for itself, and not inside a ' +
    'break-glass session: e.g. a `terraform apply` from a laptop. Console changes are ' +
    'reported by cloud-console-change.',
  severity: 'high',
  kind: 'check',
  source: 'cloudtrail',
  population: 'production-changes',
  params: z.strictObject({}),
  remedy:
    'Find who made the change and why; bring the resource back under infrastructure ' +
    'as code; remove the write permission that allowed it.',
  run({ model }) {
    const sessions = breakGlassSessions(model);
    return productionWrites(model)
      .filter((e) => principalKind(model, e, sessions) === 'human')
      .map((e) => ({
        subject: cloudSubject(e),
        title:
          `${e.name} (${e.source}) in ${e.account} by ${e.principal.arn ?? e.principal.type}, ` +
          `not from CI, at ${e.time}`,
        evidence: [cloudSubject(e)],
        details: {
          account: e.account,
          region: e.region,
          principal: e.principal.arn,
          user_agent: e.user_agent,
          source_ip: e.source_ip,
        },
      }));
  },
});

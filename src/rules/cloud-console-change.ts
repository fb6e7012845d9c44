import { z } from 'zod';
import {
  breakGlassSessions,
  cloudSubject,
  principalKind,
  productionWrites,
} from '../core/cloudtrail/sessions.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'cloud-console-change',
  title: 'Console change in production',
  description:
    'A successful write event in an AWS account whose environment is `production`, ' +
    'made from an AWS console session (sessionCredentialFromConsole, or a console user ' +
    "agent). Changes inside a break-glass session are listed on that session's gap " +
    'instead.',
  severity: 'high',
  kind: 'check',
  source: 'cloudtrail',
  population: 'production-changes',
  params: z.strictObject({}),
  remedy:
    'Bring the changed resource back under infrastructure as code (import or revert ' +
    'it) and record why the console was used.',
  run({ model }) {
    const sessions = breakGlassSessions(model);
    return productionWrites(model)
      .filter((e) => principalKind(model, e, sessions) === 'console')
      .map((e) => ({
        subject: cloudSubject(e),
        title:
          `${e.name} (${e.source}) from the AWS console in ${e.account} ` +
          `by ${e.principal.arn ?? e.principal.type} at ${e.time}`,
        evidence: [cloudSubject(e)],
        details: {
          account: e.account,
          region: e.region,
          principal: e.principal.arn,
          resources: e.resources.map((r) => r.arn).filter((a) => a !== null),
        },
      }));
  },
});

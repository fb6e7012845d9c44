import { z } from 'zod';
import { deploymentsIn, deploySubject, labelledCommits } from '../core/github/scope.ts';
import { Labels, Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a UTC time HH:MM' });

export default defineRule({
  id: 'deploy-outside-window',
  title: 'Production deployment outside the allowed window',
  description:
    'A deployment to a production environment created outside the allowed UTC window ' +
    '(`days`, `from` inclusive, `to` exclusive; default Monday to Friday 09:00–17:00), ' +
    'unless its commit belongs to a pull request of the same repository with an emergency ' +
    'label.',
  severity: 'medium',
  kind: 'check',
  source: 'github',
  population: 'production-deployments',
  params: z
    .strictObject({
      repos: Repos,
      /** Defaults to the config's github.production_environments. */
      environments: z.array(z.string()).optional(),
      days: z.array(z.enum(DAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
      from: Time.default('09:00'),
      to: Time.default('17:00'),
      emergency_labels: Labels.default(['EMERGENCY']),
    })
    .refine((p) => p.from < p.to, { error: '`from` must be before `to`' }),
  remedy:
    'Record why the deployment could not wait for the window, or label the change as an emergency.',
  run({ model, params }) {
    const environments = params.environments ?? model.config.github.production_environments;
    // A deployment's commit is one of its own repository's: a PR elsewhere with that sha (a
    // fork) does not excuse it.
    const emergencyCommits = labelledCommits(model, params.emergency_labels);
    return deploymentsIn(model, environments, params.repos).flatMap((d) => {
      const at = new Date(d.created_at);
      const day = DAYS[at.getUTCDay()] as (typeof DAYS)[number];
      const time = at.toISOString().slice(11, 16);
      const inside = params.days.includes(day) && time >= params.from && time < params.to;
      if (inside || (d.commit_oid !== null && emergencyCommits.has(`${d.repo}@${d.commit_oid}`)))
        return [];
      return [
        {
          subject: deploySubject(d),
          title:
            `${d.repo} deployment ${d.id} to ${d.environment} ` +
            `on ${day} ${d.created_at.slice(0, 10)} ` +
            `at ${time} UTC, outside ${params.days.join(',')} ${params.from}–${params.to}`,
          evidence: [deploySubject(d)],
          details: { created_at: d.created_at, creator: d.creator, commit_oid: d.commit_oid },
        },
      ];
    });
  },
});

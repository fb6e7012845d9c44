import { z } from 'zod';
import { Period } from './common.ts';

const RepoPattern = z.string().regex(/^[A-Za-z0-9_.-]+\/(?:\*|[A-Za-z0-9_.-]+)$/, {
  error: (iss) =>
    `${JSON.stringify(iss.input)} is not a repository (expected owner/name or owner/*)`,
});
const AccountId = z.string().regex(/^\d{12}$/, { error: 'AWS account ids are 12 digits' });
const Arn = z
  .string()
  .regex(/^arn:aws[a-z-]*:/, { error: (iss) => `${JSON.stringify(iss.input)} is not an ARN` });

export const GithubConfig = z.strictObject({
  repos: z.array(RepoPattern).default([]),
  production_environments: z.array(z.string()).default(['production']),
  /** GitHub's web address, for links to deployed commits: GitHub Enterprise Server has its own. */
  web_url: z.url({ protocol: /^https?$/ }).default('https://github.com'),
  /** How long one GraphQL request may take, until its whole answer is in; a slower one is retried. */
  request_timeout_seconds: z.number().positive().max(3600).default(60),
});

export const AwsConfig = z.strictObject({
  cloudtrail_dir: z.string().optional(),
  /** Where the CloudTrail collector reads from: delivered log files, the LookupEvents API, or CloudTrail Lake. */
  mode: z.enum(['files', 'lookup', 'lake']).default('files'),
  regions: z.array(z.string()).default([]),
  lake_event_data_store: z.string().optional(),
  accounts: z
    .record(AccountId, z.strictObject({ name: z.string(), environment: z.string() }))
    .default({}),
  ci_principals: z.array(Arn).default([]),
  break_glass_roles: z.array(Arn).default([]),
});

export const IssuesConfig = z.strictObject({
  repo: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'issues.repo is owner/name' }),
  labels: z.array(z.string()).default(['compliance-gap']),
  /** Map a control owner (e.g. engineering-team) to the GitHub handle or team to mention. */
  mentions: z.record(z.string(), z.string()).default({}),
});

export const SiteConfig = z.strictObject({
  title: z.string().default('Compliance evidence'),
  /** The published site's URL, used for links from GitHub issues back to the site. */
  url: z.url().optional(),
});

/** `docket.config.yaml`. Every key is checked; an unknown key is an error that names it. */
export const DocketConfig = z.strictObject({
  content: z.string().default('content'),
  evidence: z.string().default('evidence'),
  /** Content-relative folders whose markdown files are controls. */
  controls_dirs: z.array(z.string()).default(['controls', 'custom']),
  period: Period.optional(),
  github: GithubConfig.default({
    repos: [],
    production_environments: ['production'],
    web_url: 'https://github.com',
    request_timeout_seconds: 60,
  }),
  aws: AwsConfig.optional(),
  sarif_dir: z.string().optional(),
  issues: IssuesConfig.optional(),
  site: SiteConfig.default({ title: 'Compliance evidence' }),
});
export type DocketConfig = z.infer<typeof DocketConfig>;

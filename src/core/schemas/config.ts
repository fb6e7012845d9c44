import { z } from 'zod';
import { Period } from './common.ts';

// GitHub's rules: an owner is 1 to 39 letters, digits or single hyphens, neither first nor last;
// a repository name is up to 100 letters, digits, '.', '_' or '-', but not '.' or '..', and a
// trailing '.git' names the same repository without it. Names outside them would become paths
// outside the store (`../etc`) or folders git never commits (`.git`).
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Why `owner/name` (or `owner/*`, where allowed) is not a GitHub repository; null if it is. */
export function repositoryProblem(value: string, wildcard: boolean): string | null {
  const [owner, name, ...rest] = value.split('/');
  const expected = wildcard ? 'owner/name or owner/*' : 'owner/name';
  if (owner === undefined || name === undefined || rest.length > 0)
    return `${JSON.stringify(value)} is not a repository (expected ${expected})`;
  if (!OWNER.test(owner))
    return (
      `${JSON.stringify(value)}: ${JSON.stringify(owner)} is not a GitHub owner ` +
      '(letters, digits and single hyphens, at most 39)'
    );
  if (wildcard && name === '*') return null;
  if (!NAME.test(name) || name === '.' || name === '..' || /\.git$/i.test(name))
    return (
      `${JSON.stringify(value)}: ${JSON.stringify(name)} is not a GitHub repository name ` +
      "(letters, digits, '.', '_' and '-'; not '.', '..' or ending in .git)"
    );
  return null;
}

const repository = (wildcard: boolean) =>
  z.string().check((ctx) => {
    const problem = repositoryProblem(ctx.value, wildcard);
    if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });
const RepoPattern = repository(true);

const ACCOUNT_ID = /^\d{12}$/;
const accountIdProblem = (id: string) =>
  `${JSON.stringify(id)} is not an AWS account id (12 digits)`;
const Arn = z
  .string()
  .regex(/^arn:aws[a-z-]*:/, { error: (iss) => `${JSON.stringify(iss.input)} is not an ARN` });

export const GithubConfig = z.strictObject({
  repos: z.array(RepoPattern).default([]),
  production_environments: z.array(z.string()).default(['production']),
  /** GitHub's web address, for links to deployed commits: GitHub Enterprise Server has its own. */
  web_url: z.url({ protocol: /^https?$/ }).default('https://github.com'),
  /** How long one GraphQL request may take to answer in full; a slower one is retried. */
  request_timeout_seconds: z.number().positive().max(3600).default(60),
});

export const AwsConfig = z.strictObject({
  cloudtrail_dir: z.string().optional(),
  /** What the CloudTrail collector reads: delivered log files, LookupEvents, or CloudTrail Lake. */
  mode: z.enum(['files', 'lookup', 'lake']).default('files'),
  regions: z.array(z.string()).default([]),
  lake_event_data_store: z.string().optional(),
  // Keys checked one by one, so that a bad one is named (zod's record keys say only "Invalid key").
  accounts: z
    .record(z.string(), z.strictObject({ name: z.string(), environment: z.string() }))
    .check((ctx) => {
      for (const id of Object.keys(ctx.value)) {
        if (!ACCOUNT_ID.test(id))
          ctx.issues.push({ code: 'custom', message: accountIdProblem(id), input: id, path: [id] });
      }
    })
    .default({}),
  ci_principals: z.array(Arn).default([]),
  break_glass_roles: z.array(Arn).default([]),
});

export const IssuesConfig = z.strictObject({
  repo: repository(false),
  labels: z.array(z.string()).default(['compliance-gap']),
  /** Map a control owner (e.g. engineering-team) to the GitHub handle or team to mention. */
  mentions: z.record(z.string(), z.string()).default({}),
});

/** A logo the site can show: an image file, by its extension. */
const LOGO = /\.(svg|png|jpe?g|webp|gif)$/i;
/** A colour the site can put in its stylesheet as it is: hex only, so no CSS can ride in. */
const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export const SiteConfig = z.strictObject({
  title: z.string().default('Compliance evidence'),
  /** An image file (relative to the config file) shown beside the title on every page. */
  logo: z
    .string()
    .regex(LOGO, {
      error: (iss) =>
        `${JSON.stringify(iss.input)} is not an image file (.svg, .png, .jpg, .jpeg, .webp, .gif)`,
    })
    .optional(),
  /** The site's accent colour (the stripe above the header), as #rgb or #rrggbb. */
  accent: z
    .string()
    .regex(HEX_COLOUR, {
      error: (iss) => `${JSON.stringify(iss.input)} is not a colour #rgb or #rrggbb`,
    })
    .optional(),
  /** The published site's URL, used for links from GitHub issues back to the site. */
  url: z.url().optional(),
  /**
   * Which store files get a page per record: `referenced`, those holding a record that some
   * population, gap or evidence page refers to (the others are published whole, as gzip-compressed
   * NDJSON); `all`, every file.
   */
  record_pages: z.enum(['referenced', 'all']).default('referenced'),
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
  site: SiteConfig.default({ title: 'Compliance evidence', record_pages: 'referenced' }),
});
export type DocketConfig = z.infer<typeof DocketConfig>;

// A deterministic synthetic organisation for benchmarks and scale tests:
//   node scripts/synth.ts --size small|medium|large [--seed N] [--out DIR]
// Writes content (controls, documents), the spec of a dataset for the fake GitHub
// (github.json: the pull requests themselves are generated from it by the fake), CloudTrail log
// files in the delivered layout, SARIF for the infrastructure repositories, docket.config.yaml,
// and expected.json with the exact number of gaps it injected where that is known in advance.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { addMonths } from '../src/core/dates.ts';
import { randomInt, seededRandom } from '../src/core/random.ts';
import { generatePullRequests } from '../testkit/fake-github/generate.ts';
import {
  apiCall,
  uuidFrom,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  consoleLogin,
  PROD,
  serviceEvent,
  SSO_ROLE,
  STAGING,
} from '../testkit/cloudtrail.ts';
import {
  injectedPullRequestGaps,
  outsideWorkingHours,
  SYNTH_PR_POLICY,
  synthGithubData,
} from './lib/synth-github.ts';
import { SHARES, SIZES, type SynthSize, type SynthSpec } from './lib/synth-spec.ts';

const SANDBOX = '333333333333';
const ACCOUNTS = [PROD, STAGING, SANDBOX];
const REGIONS = ['eu-central-1', 'us-east-1'];
const AS_OF = '2026-11-20';

export async function synth(size: SynthSize, seed: string, out: string): Promise<SynthSpec> {
  const dims = SIZES[size];
  const random = seededRandom(`synth:${size}:${seed}`);
  const chance = (p: number) => random() < p;
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'content/controls'), { recursive: true });
  await mkdir(join(out, 'content/documents'), { recursive: true });
  const owner = 'synth';
  const repos = Array.from({ length: dims.repos }, (_, i) => ({
    name: `repo-${String(i).padStart(3, '0')}`,
    count: Math.floor(dims.prs / dims.repos),
    firstNumber: 1,
  }));
  const expected: Record<string, number> = {};
  const bump = (rule: string) => (expected[rule] = (expected[rule] ?? 0) + 1);

  // Controls: one in five checks pull requests of a slice of the repositories, one in twenty
  // its deployments; three check the cloud and the scans; the rest are evidenced by documents.
  const ids = Array.from(
    { length: dims.controls },
    (_, i) => `SYN-${String(i + 1).padStart(3, '0')}`,
  );
  const prControls = ids.filter((_, i) => i % 5 === 0);
  const slice = (k: number, of: number) =>
    repos.filter((_, r) => r % of === k % of).map((r) => `${owner}/${r.name}`);
  const referenced = new Set<string>();
  for (const [i, id] of ids.entries()) {
    let checks = '';
    if (prControls.includes(id)) {
      const list = JSON.stringify(slice(prControls.indexOf(id), prControls.length));
      const p = SYNTH_PR_POLICY;
      checks =
        `checks:\n  - { rule: pr-missing-approval, repos: ${list}, min_approvals: ` +
        `${p.minApprovals}, high_risk: { labels: [${p.highRisk.label}], min_approvals: ` +
        `${p.highRisk.minApprovals} } }\n  - { rule: pr-approver-is-author, repos: ${list} ` +
        `}\n  - { rule: pr-checks-failed, repos: ${list}, required_checks: ${JSON.stringify(p.requiredChecks)} ` +
        `}\n  - { rule: pr-template-incomplete, repos: ${list}, required_sections: ${JSON.stringify(p.sections)} ` +
        `}\n`;
    } else if (i % 20 === 1) {
      checks =
        `checks:\n  - { rule: deploy-outside-window, repos: ${JSON.stringify(slice(i, 20))} ` +
        `}\n`;
    } else if (i === 2)
      checks = 'checks:\n  - rule: cloud-console-change\n  - rule: cloud-manual-change\n';
    else if (i === 3)
      checks = 'checks:\n  - { rule: break-glass-no-postmortem, within_hours: 24 }\n';
    else if (i === 4) checks = 'checks:\n  - { rule: policy-scan-failed, levels: [error] }\n';
    await writeFile(
      join(out, 'content/controls', `${id.toLowerCase()}.md`),
      `---\nid: ${id}\ntitle: Synthetic control ${i + 1}\nowner: team-${i % 7}\nfrequency: ` +
        `${['annual', 'quarterly', 'monthly', 'weekly', 'daily', 'many-times-a-day'][i % 6]}\nframeworks:\n ` +
        ` soc2: [CC${1 + (i % 9)}.1]\n  iso27001: [A.${5 + (i % 4)}.${1 + (i % 8)}]\n${checks}---\nSynthetic ` +
        `control ${i + 1} requires what its documents describe.\n\n<!-- Backlinks auto-generated ` +
        `below -->\n`,
    );
  }
  // Every 50th control is documented by nothing, so some controls stay unmapped.
  const mappable = ids.filter((_, i) => i % 50 !== 49);

  // Documents, with a known share of each document gap.
  for (let d = 0; d < dims.documents; d++) {
    const type = ['policy', 'standard', 'process', 'procedure'][d % 4];
    const cadence = ['annual', 'semiannual', 'quarterly', 'monthly'][d % 4] as 'annual';
    const months = { annual: 12, semiannual: 6, quarterly: 3, monthly: 1 }[cadence];
    const overdue = chance(SHARES.documents.overdue);
    const missing = !overdue && chance(SHARES.documents.missingReview);
    const unmapped = chance(SHARES.documents.unmapped);
    const broken = !unmapped && chance(SHARES.documents.brokenLink);
    const last = overdue
      ? addMonths(AS_OF, -(months + 1))
      : addMonths(AS_OF, -randomInt(random, months));
    if (overdue) bump('review-overdue');
    if (missing) bump('review-missing');
    if (unmapped) bump('doc-unmapped');
    if (broken) bump('broken-control-link');
    const links = unmapped
      ? []
      : Array.from(
          { length: 1 + randomInt(random, 3) },
          () => mappable[randomInt(random, mappable.length)] as string,
        );
    for (const l of links) referenced.add(l);
    const mapping = links.map(
      (id) =>
        `- [${id}: Synthetic control](../controls/${id.toLowerCase()}.md) ^[step ${randomInt(random, 9) + 1}]`,
    );
    if (broken) mapping.push('- [SYN-999: Retired control](../controls/syn-999.md) ^[retired]');
    await writeFile(
      join(out, 'content/documents', `doc-${String(d).padStart(4, '0')}.md`),
      [
        '---',
        `type: ${type}`,
        `title: Synthetic ${type} ${d}`,
        `owner: team-${d % 7}`,
        ...(missing ? [] : [`last_reviewed: ${last}`]),
        `review_cadence: ${cadence}`,
        'participants: [engineers]',
        '---',
        '',
        `# Synthetic ${type} ${d}`,
        '',
        '## Purpose',
        '',
        (
          'This document states how the synthetic organisation operates a part of its ' +
          'control environment. '
        ).repeat(8),
        '',
        '## Steps',
        '',
        ...Array.from({ length: 8 }, (_, s) => `${s + 1}. Step ${s + 1} of the ${type}.`),
        '',
        '## Control Mapping',
        '',
        mapping.join('\n'),
        '',
        '---',
        '',
        '<!-- Backlinks auto-generated below -->',
        '',
      ].join('\n'),
    );
  }
  // A control with neither checks nor documents is unmapped; others got a document by chance.
  expected['control-unmapped'] = ids.filter(
    (id, i) =>
      !referenced.has(id) && !(prControls.includes(id) || i % 20 === 1 || (i >= 2 && i <= 4)),
  ).length;

  // CloudTrail: delivered log files, one per account, region and day.
  const days = Math.round((Date.parse('2026-11-19') - Date.parse('2026-01-01')) / 86_400_000) + 1;
  const perFile = Math.max(1, Math.round(dims.events / (days * ACCOUNTS.length * REGIONS.length)));
  const ci = assumedRole(CI_ROLE, 'GitHubActions');
  const people = ['alice', 'bob', 'carol', 'dave'].map((p) =>
    assumedRole(SSO_ROLE, `${p}@synth.test`),
  );
  const rareEvery = Math.max(1, Math.round(1_000_000 / SHARES.cloudtrail.consoleChangesPerMillion));
  let events = 0;
  let consoleChanges = 0;
  let manualChanges = 0;
  const sessionsAt = Array.from({ length: SHARES.cloudtrail.breakGlassSessions }, (_, k) =>
    Math.floor(((k + 0.5) * days) / SHARES.cloudtrail.breakGlassSessions),
  );
  let breakGlassWithoutPostmortem = 0;
  const postmortems: string[] = [];
  for (let day = 0; day < days; day++) {
    const date = new Date(Date.parse('2026-01-01T00:00:00Z') + day * 86_400_000)
      .toISOString()
      .slice(0, 10);
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const records = [];
        for (let n = 0; n < perFile; n++) {
          events++;
          const two = (n: number) => String(randomInt(random, n)).padStart(2, '0');
          const time = `${date}T${two(24)}:${two(60)}:${two(60)}Z`;
          const who = people[randomInt(random, people.length)] as object;
          const roll = random();
          if (account === PROD && events % rareEvery === 0) {
            const consoleChange = (events / rareEvery) % 2 === 0;
            if (consoleChange) consoleChanges++;
            else manualChanges++;
            records.push(
              apiCall({
                time,
                name: 'PutBucketPolicy',
                source: 's3.amazonaws.com',
                identity: who,
                account,
                region,
                console: consoleChange,
              }),
            );
          } else if (roll < SHARES.cloudtrail.readOnly)
            records.push(
              apiCall({
                time,
                name: 'DescribeInstances',
                source: 'ec2.amazonaws.com',
                identity: who,
                account,
                region,
                readOnly: true,
              }),
            );
          else if (roll < SHARES.cloudtrail.readOnly + SHARES.cloudtrail.ciWrites)
            records.push(
              apiCall({
                time,
                name: 'UpdateService',
                source: 'ecs.amazonaws.com',
                identity:
                  account === PROD
                    ? ci
                    : assumedRole(
                        `arn:aws:iam::${account}:role/github-actions-deploy`,
                        'GitHubActions',
                        account,
                      ),
                account,
                region,
              }),
            );
          else if (
            roll <
            SHARES.cloudtrail.readOnly + SHARES.cloudtrail.ciWrites + SHARES.cloudtrail.service
          )
            records.push({
              ...serviceEvent(time, 'autoscaling.amazonaws.com', 'RunInstances', account),
              awsRegion: region,
            });
          else records.push({ ...consoleLogin(time, who, account), awsRegion: region });
        }
        if (account === PROD && region === REGIONS[0] && sessionsAt.includes(day)) {
          const k = sessionsAt.indexOf(day);
          const name = `break-glass-${date}`;
          records.push(
            assumeRole(
              `${date}T02:00:00Z`,
              people[k % people.length] as object,
              BREAK_GLASS_ROLE,
              name,
            ),
          );
          for (let c = 0; c < 3; c++)
            records.push(
              apiCall({
                time: `${date}T02:1${c}:00Z`,
                name: 'ModifyDBInstance',
                source: 'rds.amazonaws.com',
                identity: assumedRole(BREAK_GLASS_ROLE, name),
                account,
                region,
                userAgent: 'aws-cli/2.17.0',
              }),
            );
          if (k % 2 === 0) postmortems.push(name);
          else breakGlassWithoutPostmortem++;
        }
        const stamp = date.replaceAll('-', '');
        const dir = join(
          out,
          'audit/cloudtrail/AWSLogs',
          account,
          'CloudTrail',
          region,
          date.slice(0, 4),
          date.slice(5, 7),
          date.slice(8, 10),
        );
        await mkdir(dir, { recursive: true });
        // Each record its own event id: the generators derive one from time, name and identity,
        // which two regions (or two people's same second) can share, and CloudTrail never does.
        records.forEach((r, i) => (r.eventID = uuidFrom(`${account}:${region}:${date}:${i}`)));
        await writeFile(
          join(dir, `${account}_CloudTrail_${region}_${stamp}T2355Z_synth.json.gz`),
          gzipSync(JSON.stringify({ Records: records }), { level: 1 }),
        );
      }
    }
  }
  await mkdir(join(out, 'content/postmortems'), { recursive: true });
  for (const name of postmortems)
    await writeFile(
      join(out, 'content/postmortems', `${name}.md`),
      `---\ntype: postmortem\ntitle: Post-mortem ${name}\nowner: security\nsession: ` +
        `${name}\ncontrols: [${ids[3]}]\n---\n\nWhat happened and what changed.\n`,
    );
  expected['cloud-console-change'] = consoleChanges;
  expected['cloud-manual-change'] = manualChanges;
  expected['break-glass-no-postmortem'] = breakGlassWithoutPostmortem;

  // SARIF for one repository in ten: a Checkov run over each merged head, a known share failing.
  await mkdir(join(out, 'audit/sarif'), { recursive: true });
  let failedScans = 0;
  for (const repo of repos.filter((_, i) => i % 10 === 0)) {
    for (const pr of generatePullRequests(`${owner}/${repo.name}`, {
      seed: `synth:${seed}`,
      count: repo.count,
      firstNumber: repo.firstNumber,
      rates: SHARES.pullRequests,
    })) {
      const fails = chance(SHARES.policyScanFailures);
      if (fails) failedScans++;
      const run = {
        tool: {
          driver: {
            name: 'Checkov',
            version: '3.2.255',
            rules: [
              {
                id: 'CKV_AWS_18',
                name: 'Ensure the S3 bucket has access logging enabled',
                defaultConfiguration: { level: 'error' },
              },
              {
                id: 'CKV_AWS_145',
                name: 'Ensure that S3 buckets are encrypted with KMS by default',
                defaultConfiguration: { level: 'error' },
              },
            ],
          },
        },
        results: fails
          ? [
              {
                ruleId: 'CKV_AWS_18',
                level: 'error',
                message: { text: 'Ensure the S3 bucket has access logging enabled' },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: 'main.tf' },
                      region: { startLine: 1 },
                    },
                  },
                ],
              },
            ]
          : [],
        versionControlProvenance: [
          {
            repositoryUri: `https://github.com/${pr.repo}`,
            revisionId: pr.head_oid,
            branch: 'refs/heads/main',
          },
        ],
      };
      await writeFile(
        join(out, 'audit/sarif', `${repo.name}-${pr.number}.sarif`),
        JSON.stringify({ version: '2.1.0', runs: [run] }),
      );
    }
  }
  expected['policy-scan-failed'] = failedScans;
  const spec: SynthSpec = {
    size,
    seed,
    owner,
    repos,
    rates: { ...SHARES.pullRequests },
    events,
    expected,
  };
  // Pull-request and deployment gaps, counted from the dataset the fake GitHub will serve. Each
  // repository is checked by exactly one pull-request control; every deployment control checks
  // the repositories r ≡ 1 (mod 20).
  const deployControls = ids.filter((_, i) => i % 20 === 1).length;
  for (const [r, repo] of repos.entries()) {
    const data = synthGithubData({ ...spec, repos: [repo] }).repos.get(`${owner}/${repo.name}`);
    for (const pr of data?.pullRequests ?? [])
      for (const rule of injectedPullRequestGaps(pr)) bump(rule);
    if (r % 20 !== 1 || deployControls === 0) continue;
    const emergency = new Set(
      (data?.pullRequests ?? [])
        .filter((pr) => pr.labels.includes('EMERGENCY'))
        .flatMap((pr) => [pr.head_oid, pr.merge_commit_oid, ...pr.commits.map((c) => c.oid)]),
    );
    const outside = (data?.deployments ?? []).filter(
      (d) => outsideWorkingHours(d) && !(d.commit_oid !== null && emergency.has(d.commit_oid)),
    ).length;
    if (outside)
      expected['deploy-outside-window'] =
        (expected['deploy-outside-window'] ?? 0) + outside * deployControls;
  }
  await writeFile(join(out, 'github.json'), `${JSON.stringify(spec, null, 2)}\n`);
  await writeFile(join(out, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  await writeFile(
    join(out, 'docket.config.yaml'),
    `content: content\nevidence: evidence\nperiod: { start: 2026-01-01, end: 2026-12-31 ` +
      `}\nsite: { title: Synthetic organisation (${size}) }\ngithub: { repos: ["${owner}/*"], ` +
      `production_environments: [production] }\naws:\n  cloudtrail_dir: audit/cloudtrail\n ` +
      ` accounts: { "${PROD}": { name: prod, environment: production }, "${STAGING}": ` +
      `{ name: staging, environment: staging }, "${SANDBOX}": { name: sandbox, environment: ` +
      `sandbox } }\n  ci_principals: ["${CI_ROLE}"]\n  break_glass_roles: ["${BREAK_GLASS_ROLE}"]\nsarif_dir: ` +
      `audit/sarif\n`,
  );
  return spec;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const size = values.size as SynthSize;
  if (!(size in SIZES)) throw new Error('--size: small, medium or large');
  const out = resolve(values.out ?? `bench-out/synth-${size}-${values.seed}`);
  const started = Date.now();
  const spec = await synth(size, values.seed as string, out);
  console.log(
    `synthetic ${size} organisation in ${out}: ${SIZES[size].controls} controls, ${SIZES[size].documents} ` +
      `documents, ${spec.repos.length} repositories with ${spec.repos.reduce((n, r) => n + r.count, 0)} ` +
      `pull requests, ${spec.events} CloudTrail events (${((Date.now() - started) / 1000).toFixed(1)} ` +
      `s)`,
  );
}

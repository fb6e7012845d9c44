// Regenerates the example organisation's audit inputs, as an organisation would sync them:
//   audit/cloudtrail/AWSLogs/...json.gz  (CloudTrail log files, as delivered to the bucket)
//   audit/sarif/*.sarif                  (Checkov and tfsec results of acme/infra merges)
// then collects them into evidence/ with the real collectors.
//   node scripts/example-evidence-cloud.ts   (after scripts/example-evidence-github.ts)
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sdkCloudTrailClient } from '../collectors/cloudtrail/client.ts';
import { collectCloudtrail } from '../collectors/cloudtrail/collect.ts';
import { collectSarif } from '../collectors/sarif/collect.ts';
import { readNdjson } from '../src/evidence/ndjson.ts';
import { parseConfig } from '../src/core/config.ts';
import { randomInt, seededRandom } from '../src/core/random.ts';
import type { PullRequestRecord } from '../src/core/schemas/github.ts';
import {
  apiCall,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  consoleLogin,
  PROD,
  serviceEvent,
  SSO_ROLE,
  STAGING,
  writeTrail,
} from '../testkit/cloudtrail.ts';

const root = resolve(import.meta.dirname, '..');
const { config } = parseConfig(
  readFileSync(join(root, 'docket.config.yaml'), 'utf8'),
  'docket.config.yaml',
);
if (!config?.aws?.cloudtrail_dir || !config.sarif_dir || !config.period)
  throw new Error('docket.config.yaml needs aws.cloudtrail_dir, sarif_dir and period');
const random = seededRandom('acme-cloud');
const ci = assumedRole(CI_ROLE, 'GitHubActions');
const alice = assumedRole(SSO_ROLE, 'alice@acme.test');
const dave = assumedRole(SSO_ROLE, 'dave@acme.test');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const writes: [string, string][] = [
  ['ecs.amazonaws.com', 'UpdateService'],
  ['ecs.amazonaws.com', 'RegisterTaskDefinition'],
  ['lambda.amazonaws.com', 'UpdateFunctionCode20150331v2'],
  ['s3.amazonaws.com', 'PutBucketPolicy'],
  ['rds.amazonaws.com', 'ModifyDBInstance'],
  ['iam.amazonaws.com', 'PutRolePolicy'],
];
const records = [];
// CI applies to production and staging on working days.
for (
  let day = Date.parse('2026-01-05T00:00:00Z');
  day < Date.parse('2026-11-20T00:00:00Z');
  day += 86_400_000
) {
  const weekday = new Date(day).getUTCDay();
  if (weekday === 0 || weekday === 6) continue;
  for (let n = 0; n < 2; n++) {
    const [source, name] = writes[randomInt(random, writes.length)] as [string, string];
    const at = iso(day + (10 + randomInt(random, 6)) * 3_600_000 + randomInt(random, 3600) * 1000);
    records.push(apiCall({ time: at, name, source, identity: ci }));
    records.push(
      apiCall({
        time: at,
        name,
        source,
        identity: assumedRole(
          `arn:aws:iam::${STAGING}:role/github-actions-deploy`,
          'GitHubActions',
          STAGING,
        ),
        account: STAGING,
      }),
    );
  }
  if (weekday === 1) records.push(consoleLogin(iso(day + 8.5 * 3_600_000), alice));
  if (weekday === 3)
    records.push(
      serviceEvent(iso(day + 3 * 3_600_000), 'autoscaling.amazonaws.com', 'RunInstances'),
    );
}
// The exceptions an auditor should see.
records.push(
  consoleLogin('2026-04-22T13:58:00Z', dave),
  apiCall({
    time: '2026-04-22T14:03:11Z',
    name: 'AuthorizeSecurityGroupIngress',
    source: 'ec2.amazonaws.com',
    identity: dave,
    console: true,
    resources: [
      {
        ARN: `arn:aws:ec2:eu-central-1:${PROD}:security-group/sg-0a1b2c3d4e5f`,
        type: 'AWS::EC2::SecurityGroup',
      },
    ],
  }),
  apiCall({
    time: '2026-09-09T17:42:30Z',
    name: 'PutBucketLifecycleConfiguration',
    source: 's3.amazonaws.com',
    identity: alice,
    resources: [{ ARN: 'arn:aws:s3:::acme-prod-exports', type: 'AWS::S3::Bucket' }],
  }),
  assumeRole('2026-06-14T02:14:05Z', alice, BREAK_GLASS_ROLE, 'break-glass-2026-06-14'),
  apiCall({
    time: '2026-06-14T02:21:40Z',
    name: 'ModifyDBParameterGroup',
    source: 'rds.amazonaws.com',
    identity: assumedRole(BREAK_GLASS_ROLE, 'break-glass-2026-06-14'),
    userAgent: 'aws-cli/2.17.0',
  }),
  apiCall({
    time: '2026-06-14T02:26:02Z',
    name: 'PromoteReadReplica',
    source: 'rds.amazonaws.com',
    identity: assumedRole(BREAK_GLASS_ROLE, 'break-glass-2026-06-14'),
    userAgent: 'aws-cli/2.17.0',
  }),
  assumeRole('2026-10-03T23:40:00Z', dave, BREAK_GLASS_ROLE, 'break-glass-2026-10-03', 1800),
  apiCall({
    time: '2026-10-03T23:47:15Z',
    name: 'UpdateService',
    source: 'ecs.amazonaws.com',
    identity: assumedRole(BREAK_GLASS_ROLE, 'break-glass-2026-10-03'),
    userAgent: 'aws-cli/2.17.0',
  }),
);
// Trails deliver duplicates now and then.
records.push(records[10] as (typeof records)[number]);

const trailDir = resolve(root, config.aws.cloudtrail_dir);
await rm(trailDir, { recursive: true, force: true });
const files = await writeTrail(trailDir, records, { perDay: true });

// Scans of acme/infra: every merged head is scanned by Checkov and tfsec; two leave an error.
const infra: PullRequestRecord[] = [];
for await (const pr of readNdjson(
  resolve(root, config.evidence),
  'github/acme/infra/pull-requests.ndjson',
))
  infra.push(pr as PullRequestRecord);
const sarifDir = resolve(root, config.sarif_dir);
await rm(sarifDir, { recursive: true, force: true });
await mkdir(sarifDir, { recursive: true });
const checkovRules = [
  ['CKV_AWS_18', 'Ensure the S3 bucket has access logging enabled'],
  ['CKV_AWS_145', 'Ensure that S3 buckets are encrypted with KMS by default'],
  ['CKV_AWS_24', 'Ensure no security groups allow ingress from 0.0.0.0:0 to port 22'],
  ['CKV_AWS_16', 'Ensure all data stored in the RDS is securely encrypted at rest'],
];
const tfsecRules = [
  ['aws-ec2-no-public-ingress-sgr', 'An ingress security group rule allows traffic from /0.'],
  [
    'aws-rds-encrypt-instance-storage-data',
    'RDS encryption has not been enabled at a DB Instance level.',
  ],
];
for (const [i, pr] of infra.entries()) {
  const provenance = [
    {
      repositoryUri: 'https://github.com/acme/infra',
      revisionId: pr.head_oid,
      branch: 'refs/heads/main',
    },
  ];
  const checkovFails = i === 7;
  const tfsecFails = i === 19;
  const checkov = {
    $schema:
      'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Checkov',
            version: '3.2.255',
            informationUri: 'https://www.checkov.io/',
            rules: checkovRules.map(([id, name]) => ({
              id,
              name,
              shortDescription: { text: name },
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        results: [
          ...(checkovFails
            ? [
                {
                  ruleId: 'CKV_AWS_18',
                  ruleIndex: 0,
                  level: 'error',
                  message: { text: checkovRules[0]?.[1] },
                  locations: [
                    {
                      physicalLocation: {
                        artifactLocation: { uri: 'modules/exports/bucket.tf' },
                        region: { startLine: 3 },
                      },
                    },
                  ],
                },
              ]
            : []),
          ...(i % 5 === 0
            ? [
                {
                  ruleId: 'CKV_AWS_145',
                  ruleIndex: 1,
                  level: 'error',
                  message: { text: checkovRules[1]?.[1] },
                  locations: [
                    {
                      physicalLocation: {
                        artifactLocation: { uri: 'modules/public-assets/bucket.tf' },
                        region: { startLine: 7 },
                      },
                    },
                  ],
                  suppressions: [
                    {
                      kind: 'inSource',
                      justification: 'SSE-S3 is enough for public assets (RISK-12)',
                    },
                  ],
                },
              ]
            : []),
        ],
        versionControlProvenance: provenance,
      },
    ],
  };
  const tfsec = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0-rtm.5.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'tfsec',
            version: '1.28.11',
            informationUri: 'https://github.com/aquasecurity/tfsec',
            rules: tfsecRules.map(([id, text]) => ({ id, shortDescription: { text } })),
          },
        },
        results: tfsecFails
          ? [
              {
                ruleId: 'aws-ec2-no-public-ingress-sgr',
                ruleIndex: 0,
                level: 'error',
                message: { text: 'Security group rule allows ingress from public internet.' },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: 'network/bastion.tf' },
                      region: { startLine: 14 },
                    },
                  },
                ],
              },
            ]
          : [],
        versionControlProvenance: provenance,
      },
    ],
  };
  await writeFile(
    join(sarifDir, `infra-${pr.number}-checkov.sarif`),
    `${JSON.stringify(checkov, null, 2)}\n`,
  );
  await writeFile(
    join(sarifDir, `infra-${pr.number}-tfsec.sarif`),
    `${JSON.stringify(tfsec, null, 2)}\n`,
  );
}

const now = () => new Date('2026-11-20T06:00:00Z');
const trail = await collectCloudtrail(sdkCloudTrailClient, {
  config,
  root,
  storeDir: resolve(root, config.evidence),
  period: config.period,
  full: true,
  now,
  log: console.error,
});
const sarif = await collectSarif({ config, root, storeDir: resolve(root, config.evidence), now });
if (trail.problems.length || sarif.problems.length)
  throw new Error(JSON.stringify([...trail.problems, ...sarif.problems]));
console.log(
  `example evidence: ${files.length} CloudTrail log files, ${trail.kept} events kept; ` +
    `${sarif.files} SARIF files, ${sarif.results} results`,
);

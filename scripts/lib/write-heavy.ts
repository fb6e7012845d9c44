// A write-heavy account-month (issue 14's stress case: 60% writes), built with the testkit's
// CloudTrail helpers: CI and SSO role sessions, IAM users in the console, AssumeRole calls whose
// responses carry session tokens, policy documents, base64 user data, image digests, and one
// record in a thousand with a token pasted into a tag. Deterministic for a seed.
import { seededRandom } from '../../src/core/random.ts';
import {
  apiCall,
  assumedRole,
  assumeRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  consoleLogin,
  iamUser,
  PROD,
  SSO_ROLE,
} from '../../testkit/cloudtrail.ts';

const WRITES: [string, string][] = [
  ['PutObject', 's3'],
  ['PutBucketPolicy', 's3'],
  ['RunInstances', 'ec2'],
  ['AuthorizeSecurityGroupIngress', 'ec2'],
  ['CreateRole', 'iam'],
  ['PutRolePolicy', 'iam'],
  ['UpdateFunctionCode', 'lambda'],
  ['UpdateService', 'ecs'],
  ['ModifyDBInstance', 'rds'],
  ['PutParameter', 'ssm'],
];
const READS: [string, string][] = [
  ['DescribeInstances', 'ec2'],
  ['GetObject', 's3'],
  ['ListRoles', 'iam'],
  ['GetFunction', 'lambda'],
  ['DescribeServices', 'ecs'],
];
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${PROD}:role/github-actions-deploy` },
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: 'arn:aws:s3:::acme-artifacts/*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' } },
    },
  ],
});

/**
 * A generator of the month's records: `record(i)` is the i-th, its time `start + i * stepMs`
 * to the second (so records come in time order).
 */
export function writeHeavyMonth(seed: string, opts: { start?: number; stepMs?: number } = {}) {
  const random = seededRandom(seed);
  const start = opts.start ?? Date.UTC(2026, 7, 1);
  const stepMs = opts.stepMs ?? 8_000;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const identities = [
    () => assumedRole(CI_ROLE, `GitHubActions-${Math.floor(random() * 1e6)}`),
    () => assumedRole(SSO_ROLE, pick(['alice@acme.test', 'bob@acme.test', 'carol@acme.test'])),
    () => iamUser(pick(['deploy-bot', 'dana', 'erik'])),
  ];
  return function record(i: number) {
    const at = start + Math.floor((i * stepMs) / 1000) * 1000;
    const time = new Date(at).toISOString().replace('.000', '');
    if (i % 50 === 7) {
      return assumeRole(time, identities[0]!(), BREAK_GLASS_ROLE, `break-glass-${i}`);
    }
    if (i % 97 === 3) return consoleLogin(time, iamUser('dana'));
    const write = random() < 0.6;
    const [name, service] = pick(write ? WRITES : READS);
    const key = `builds/${hex(8)}/app-${i}.zip`;
    return apiCall({
      // Its own id: several records share a second in a busy month.
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      time,
      name,
      source: `${service}.amazonaws.com`,
      identity: pick(identities)(),
      readOnly: !write,
      console: random() < 0.05,
      errorCode: random() < 0.03 ? 'AccessDenied' : undefined,
      requestParameters: {
        bucketName: 'acme-artifacts',
        key,
        ...(name === 'PutBucketPolicy' && { policy: POLICY }),
        ...(name === 'RunInstances' && {
          imageId: `ami-${hex(17)}`,
          userData: Buffer.from(`#!/bin/bash\nyum -y update\necho ${hex(40)}\n`).toString('base64'),
        }),
        ...(name === 'UpdateFunctionCode' && {
          functionName: `arn:aws:lambda:eu-central-1:${PROD}:function:api-${i % 40}`,
          codeSha256: Buffer.from(hex(64), 'hex').toString('base64'),
        }),
        ...(name === 'UpdateService' && {
          taskDefinition: `arn:aws:ecs:eu-central-1:${PROD}:task-definition/api:${i % 300}`,
          imageDigest: `sha256:${hex(64)}`,
        }),
        tags: [
          { key: 'commit', value: hex(40) },
          { key: 'run', value: `https://github.com/acme/api/actions/runs/${1e9 + i}` },
          // One record in a thousand: a token pasted where it should not be.
          ...(i % 1000 === 500 ? [{ key: 'note', value: `ghp_${hex(36)}` }] : []),
        ],
      },
      resources: [
        { ARN: `arn:aws:s3:::acme-artifacts/${key}`, type: 'AWS::S3::Object' },
        { ARN: `arn:aws:s3:::acme-artifacts`, type: 'AWS::S3::Bucket' },
      ],
    });
  };
}

// Benchmarks secret redaction on CloudTrail volume and prints the figures:
//   node scripts/bench-secrets.ts [--records 300000] [--chunk 10000] [--seed 1]
// A write-heavy account-month (60% writes, as issue 14's stress case) built with the testkit's
// CloudTrail helpers: CI and SSO role sessions, IAM users in the console, AssumeRole calls whose
// responses carry session tokens, policy documents, base64 user data, image digests, and one
// record in a thousand with a token pasted into a tag. Each chunk of records is redacted three
// ways, in turn: a bare JSON.stringify (the floor), the old redactDeep (scripts/bench-secrets-baseline.ts) and
// redactRecords (src/evidence/secrets.ts, secretlint's preset and Docket's rules). Twice: on the
// records as AWS delivers them, and on the events the store keeps (normalizeRecord).
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { normalizeRecord } from '../src/core/cloudtrail/normalize.ts';
import { redactDeep } from './bench-secrets-baseline.ts';
import { redactRecords } from '../src/evidence/secrets.ts';
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
} from '../testkit/cloudtrail.ts';
import { seededRandom } from '../src/core/random.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '300000' },
    chunk: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
  },
});
const TOTAL = Number(values.records);
const CHUNK = Number(values.chunk);
const random = seededRandom(values.seed as string);
const n = (x: number) => x.toLocaleString('en');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

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
const hex = (n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const identities = [
  () => assumedRole(CI_ROLE, `GitHubActions-${Math.floor(random() * 1e6)}`),
  () => assumedRole(SSO_ROLE, pick(['alice@acme.test', 'bob@acme.test', 'carol@acme.test'])),
  () => iamUser(pick(['deploy-bot', 'dana', 'erik'])),
];

function record(i: number) {
  const time = new Date(Date.UTC(2026, 7, 1) + i * 8_000).toISOString().replace('.000', '');
  if (i % 50 === 7) {
    return assumeRole(time, identities[0]!(), BREAK_GLASS_ROLE, `break-glass-${i}`);
  }
  if (i % 97 === 3) return consoleLogin(time, iamUser('dana'));
  const write = random() < 0.6;
  const [name, service] = pick(write ? WRITES : READS);
  const key = `builds/${hex(8)}/app-${i}.zip`;
  return apiCall({
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
}

interface Totals {
  /** Wall time. */
  ms: number;
  /** CPU time of this process (all its threads): steadier than wall time on a shared machine. */
  cpuMs: number;
  changed: number;
}
const blank = (): Totals => ({ ms: 0, cpuMs: 0, changed: 0 });

/** Runs `f` and adds its wall and CPU time to `into`. */
async function timed<T>(into: Totals, f: () => T | Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const at = performance.now();
  const out = await f();
  into.ms += performance.now() - at;
  const used = process.cpuUsage(cpu);
  into.cpuMs += (used.user + used.system) / 1000;
  return out;
}

async function run(shape: 'raw' | 'stored') {
  const t = { stringify: blank(), redactDeep: blank(), redactRecords: blank() };
  let bytes = 0;
  let records = 0;
  for (let start = 0; start < TOTAL; start += CHUNK) {
    const raw = Array.from({ length: Math.min(CHUNK, TOTAL - start) }, (_, k) => record(start + k));
    const chunk: object[] =
      shape === 'raw' ? raw : raw.map((r) => normalizeRecord(r)).filter((e) => 'event_id' in e);
    records += chunk.length;
    // The floor: serialise every record once.
    const lines = await timed(t.stringify, () => chunk.map((r) => JSON.stringify(r)));
    bytes += lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    // Today: nine regular expressions over every string of every record.
    const deep = await timed(t.redactDeep, () => chunk.map((r) => redactDeep(r)));
    t.redactDeep.changed += deep.filter((r, k) => JSON.stringify(r) !== lines[k]).length;
    // secretlint's preset and Docket's rules over the serialised lines, ~1 MB per lint call.
    const out = await timed(t.redactRecords, () => redactRecords(chunk));
    t.redactRecords.changed += out.filter((r, k) => r !== chunk[k]).length;
  }
  const mb = bytes / 1e6;
  const what = shape === 'raw' ? 'records as AWS delivers them' : 'events as the store keeps them';
  console.log(`\n${n(records)} ${what}, ${mb.toFixed(0)} MB of NDJSON`);
  // Rates from CPU time; wall time alongside.
  for (const [name, { ms, cpuMs, changed }] of Object.entries(t)) {
    const s = cpuMs / 1000;
    console.log(
      `  ${name.padEnd(14)} ${s.toFixed(2).padStart(6)} s CPU (${(ms / 1000).toFixed(2)} s wall) ` +
        `${Math.round(records / s)
          .toLocaleString('en')
          .padStart(9)} records/s ${(mb / s).toFixed(0).padStart(4)} MB/s` +
        (name === 'stringify' ? '' : `  ${changed.toLocaleString('en')} records redacted`),
    );
  }
  const r = t.redactRecords;
  const ratio = (a: number, b: number, digits: number) => `${(a / b).toFixed(digits)}×`;
  console.log(
    `  redactRecords / redactDeep: ${ratio(r.cpuMs, t.redactDeep.cpuMs, 2)} CPU ` +
      `(${ratio(r.ms, t.redactDeep.ms, 2)} wall); / stringify: ` +
      `${ratio(r.cpuMs, t.stringify.cpuMs, 1)} CPU (${ratio(r.ms, t.stringify.ms, 1)} wall)`,
  );
}

const cpu = `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'})`;
console.log(
  `Secret redaction benchmark: ${n(TOTAL)} CloudTrail records, 60% writes, ` +
    `chunks of ${n(CHUNK)}; ${cpu}, Node ${process.versions.node}`,
);
await run('raw');
await run('stored');

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PREFILTER, RULES, redactRecords, redactText } from '../../src/evidence/secrets.ts';
import { normalizeRecord } from '../../src/core/cloudtrail/normalize.ts';
import { apiCall, assumedRole, CI_ROLE, iamUser, PROD } from '../../testkit/cloudtrail.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/secrets/preset-recommend');

// Made-up secrets in the shapes people paste: env files, SDK JSON, curl lines, CI logs. (Not AWS's
// documentation examples: the preset deliberately lets AKIAIOSFODNN7EXAMPLE and its secret pass.)
const AWS_SECRET = 'Xk7dP2mQ9vR4tY8wZ1aB3cD5eF6gH0jK2lM4nO6p';
const SESSION = `IQoJb3JpZ2luX2VjE${'Nq8xLk2P'.repeat(14)}`;
const GHP = 'ghp_R8tYw2Kq9ZmX4vB7nL1pD6sF3hJ0cG5aE2uQ';
const SLACK = 'xoxb-263594206564-2343936779040-Hm7qT2bVx9LcR4sN8dKpW3zY';
const JWT = [
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiJyZXBvOmFjbWUvYXBpIiwiYXVkIjoic3RzIn0',
  'Qm9ndXNTaWduYXR1cmVCeXRlc0ZvclRlc3Q',
].join('.');
const OPENSSH_BODY = [
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDk3Ld2xXQ0kF9Yc1n0b3V3cm9uZ3N0cmluZ0ZvclRlc3RzAAAAkKb3vN1m',
];
const OPENSSH_NO_END = `-----BEGIN OPENSSH PRIVATE KEY-----\n${OPENSSH_BODY.join('\n')}\n`;
const PGP_BODY = [
  'lQOYBGZ1x2kBCADJv3n8Qm4yKpL2sT7wXz9aBcDeFgHiJkLmNoPqRsTuVwXyZ012',
  '3456789+/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrS',
  '=x7Kq',
];
const PGP_BLOCK = [
  '-----BEGIN PGP PRIVATE KEY BLOCK-----',
  'Version: GnuPG v2',
  '',
  ...PGP_BODY,
  '-----END PGP PRIVATE KEY BLOCK-----',
].join('\n');

/** The secret part of each shape: what must not survive redaction. */
const ISSUE_15: [name: string, text: string, secrets: string[]][] = [
  ['Slack bot token', `slack: ${SLACK}`, [SLACK]],
  ['JWT on its own', `id_token=${JWT}`, [JWT]],
  ['JWT as a bearer token', `curl -H "Authorization: Bearer ${JWT}"`, [JWT]],
  ['aws-secret-access-key with dashes', `aws-secret-access-key=${AWS_SECRET}`, [AWS_SECRET]],
  ['aws-secret-access-key: with a colon', `aws-secret-access-key: ${AWS_SECRET}`, [AWS_SECRET]],
  [
    'AWS_SECRET_ACCESS_KEY in an env file',
    `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
    [AWS_SECRET],
  ],
  [
    'aws_secret_access_key in a credentials file',
    `aws_secret_access_key = ${AWS_SECRET}`,
    [AWS_SECRET],
  ],
  ['SecretAccessKey in SDK JSON', `{"SecretAccessKey": "${AWS_SECRET}"}`, [AWS_SECRET]],
  ['secretAccessKey in camel case', `secretAccessKey: '${AWS_SECRET}'`, [AWS_SECRET]],
  ['AWS_SESSION_TOKEN', `AWS_SESSION_TOKEN=${SESSION}`, [SESSION]],
  [
    'Authorization: Basic, lower case',
    'authorization: basic YWNtZTpzM2NyM3QtcGFzc3dvcmQ=',
    ['YWNtZTpzM2NyM3QtcGFzc3dvcmQ='],
  ],
  [
    'AUTHORIZATION: BEARER, upper case',
    'AUTHORIZATION: BEARER abcdefghijklmnopqrstuvwxyz012345',
    ['abcdefghijklmnopqrstuvwxyz012345'],
  ],
  ['OpenSSH private key without its END line', `key:\n${OPENSSH_NO_END}`, OPENSSH_BODY],
  ['PGP private key block', PGP_BLOCK, PGP_BODY],
  [
    'PGP private key block without its END line',
    PGP_BLOCK.split('-----END')[0] as string,
    PGP_BODY,
  ],
  ['GitHub token glued to a prefix with _', `MY_${GHP}`, [GHP.slice(4)]],
  ['GitHub token glued to a prefix', `MY${GHP}`, [GHP.slice(4)]],
  ['GitHub token glued on both sides', `x${GHP}_y`, [GHP.slice(4)]],
  [
    'URL credentials',
    'GITHUB_GRAPHQL_URL=http://user:password@host/api/graphql',
    ['user:password'],
  ],
  [
    'URL credentials with a token',
    `retrying https://x-access-token:${GHP}@ghe.acme.io/api`,
    [GHP.slice(4)],
  ],
];

async function expectRedacted(text: string, secrets: string[]) {
  const { text: out, found } = await redactText(text);
  for (const s of secrets) expect(out).not.toContain(s);
  expect(out).toMatch(/\[REDACTED:[a-z0-9-]+\]/);
  expect(found.length).toBeGreaterThan(0);
  return out;
}

describe('redactText: the shapes issue 15 found in evidence/ and dist/', () => {
  it.each(ISSUE_15)('redacts %s', async (_name, text, secrets) => {
    await expectRedacted(text, secrets);
  });

  it.each(ISSUE_15)(
    'redacts %s inside a record, as a JSON string',
    async (_name, text, secrets) => {
      const [out] = await redactRecords([{ body: `Deploy notes\n${text}\nthanks`, number: 7 }]);
      const line = JSON.stringify(out);
      for (const s of secrets) expect(line).not.toContain(s);
      expect(out?.number).toBe(7);
      expect(out?.body).toMatch(/^Deploy notes\n.*\[REDACTED:[a-z0-9-]+\].*thanks$/s);
    },
  );

  it('keeps field names and header schemes: the record still says what held a secret', async () => {
    const cases: [string, string][] = [
      [`AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, 'AWS_SECRET_ACCESS_KEY=[REDACTED:aws]'],
      [`{"SecretAccessKey":"${AWS_SECRET}"}`, '{"SecretAccessKey":"[REDACTED:aws]"}'],
      [
        `aws-secret-access-key=${AWS_SECRET}`,
        'aws-secret-access-key=[REDACTED:docket-aws-secret-access-key]',
      ],
      [`AWS_SESSION_TOKEN=${SESSION}`, 'AWS_SESSION_TOKEN=[REDACTED:docket-aws-session-token]'],
      [`Authorization: Bearer ${JWT}`, 'Authorization: Bearer [REDACTED:docket-authorization]'],
      [
        'Authorization: Basic YWNtZTpzM2NyM3Q=',
        'Authorization: Basic [REDACTED:docket-authorization]',
      ],
      ['http://user:password@host/x', 'http://[REDACTED:docket-url-credentials]@host/x'],
      [`token ${GHP} ok`, 'token [REDACTED:github] ok'],
      [`MY${GHP}`, 'MY[REDACTED:docket-github-token]'],
      [`slack ${SLACK}.`, 'slack [REDACTED:slack].'],
      [`${OPENSSH_NO_END}\nafter`, '[REDACTED:docket-private-key]\n\nafter'],
      [`${OPENSSH_NO_END}after`, '[REDACTED:docket-private-key]'],
    ];
    for (const [text, expected] of cases) expect((await redactText(text)).text).toBe(expected);
  });

  it('counts what each rule found, and never returns the secret', async () => {
    const r = await redactText(`a ${GHP} b ${GHP} c ${SLACK} MY${GHP}`);
    expect(r.found).toEqual([
      { rule: 'docket-github-token', count: 1 },
      { rule: 'github', count: 2 },
      { rule: 'slack', count: 1 },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/R8tYw2Kq|Hm7qT2bV/);
  });

  it('does not let a secretlint-disable comment switch redaction off', async () => {
    for (const text of [
      `<!-- secretlint-disable -->\n${GHP}\n<!-- secretlint-enable -->`,
      `${GHP} // secretlint-disable-line`,
      `// secretlint-disable-next-line\n${SLACK}`,
    ])
      await expectRedacted(
        text,
        [GHP, SLACK].filter((s) => text.includes(s)),
      );
  });

  it('leaves template placeholders in URLs alone', async () => {
    const text = 'git clone https://${GITHUB_ACTOR}:${GITHUB_TOKEN}@github.com/acme/api.git';
    expect((await redactText(text)).text).toBe(text);
  });

  it("keeps secretlint's profiler off: no performance marks pile up over a long run", async () => {
    performance.clearMarks();
    await redactText(`token ${GHP}`);
    await redactRecords([{ body: GHP }]);
    expect(performance.getEntriesByType('mark')).toEqual([]);
  });

  it('reports ranges in a text that starts with a byte-order mark', async () => {
    expect((await redactText(`\uFEFFtoken ${GHP}`)).text).toBe('\uFEFFtoken [REDACTED:github]');
  });
});

/** A preset test case: its input file (named as the preset's tests name it) and what it reports. */
interface PresetCase {
  rule: string;
  name: string;
  input: string;
  secrets: string[];
  /** The case runs the preset with options of its own (.secretlintrc.json). */
  configured: boolean;
}

async function presetCases(): Promise<PresetCase[]> {
  const cases: PresetCase[] = [];
  for (const ruleDir of (await readdir(FIXTURES)).sort()) {
    for (const name of (await readdir(join(FIXTURES, ruleDir))).sort()) {
      const dir = join(FIXTURES, ruleDir, name);
      const files = await readdir(dir);
      const file = files.find((f) => f !== 'output.json' && f !== '.secretlintrc.json');
      if (!file) continue;
      const output = JSON.parse(await readFile(join(dir, 'output.json'), 'utf8')) as {
        messages: { range: [number, number]; data?: Record<string, unknown> }[];
      };
      const input = await readFile(join(dir, file), 'utf8');
      const secrets = output.messages.flatMap((m) => {
        // The secret as the rule reports it (a rule's data may also name its type or the file).
        const data = Object.values(m.data ?? {}).filter(
          (v): v is string => typeof v === 'string' && v.length >= 8 && input.includes(v),
        );
        return data.length ? data : [input.slice(...m.range)];
      });
      cases.push({
        rule: ruleDir.replace(/^secretlint-rule-/, ''),
        name,
        input,
        secrets,
        configured: files.includes('.secretlintrc.json'),
      });
    }
  }
  return cases;
}

// Cases with a .secretlintrc.json run the preset with options Docket does not use (`allows`,
// enableIDScanRule on): skipped, except the one whose options are Docket's (the defaults). AWS
// access key ids and account ids (enableIDScanRule) are tested below.
const SAME_CONFIG = new Set(['aws/ok.AWS Access Key ID--enableIDScanRule-false']);
const runs = (c: PresetCase) =>
  (!c.configured || SAME_CONFIG.has(`${c.rule}/${c.name}`)) && c.rule !== 'filter-comments';
const occurrences = (text: string, s: string) => text.split(s).length - 1;

describe("secretlint's recommended preset, on its own test corpus", async () => {
  const cases = await presetCases();

  it('has a positive and a negative case for every rule Docket runs', () => {
    for (const rule of RULES.preset) {
      const mine = cases.filter((c) => c.rule === rule);
      expect(
        mine.some((c) => c.secrets.length > 0),
        `${rule}: positive`,
      ).toBe(true);
      expect(
        mine.some((c) => c.secrets.length === 0),
        `${rule}: negative`,
      ).toBe(true);
    }
  });

  const positives = cases.filter((c) => c.secrets.length > 0 && runs(c));
  it.each(positives.map((c) => [`${c.rule}/${c.name}`, c] as const))(
    'redacts every secret of %s',
    async (_id, c) => {
      const { text, found } = await redactText(c.input);
      // Each reported occurrence is gone (the same token glued to a word elsewhere in the input is
      // one the preset deliberately lets pass).
      for (const s of new Set(c.secrets)) {
        const reported = c.secrets.filter((x) => x === s).length;
        expect(occurrences(text, s), s.slice(0, 12)).toBeLessThanOrEqual(
          occurrences(c.input, s) - reported,
        );
      }
      expect(found.length).toBeGreaterThan(0);
    },
  );

  const negatives = cases.filter((c) => c.secrets.length === 0 && runs(c));
  it.each(negatives.map((c) => [`${c.rule}/${c.name}`, c] as const))(
    'no preset rule fires on %s',
    async (_id, c) => {
      const { found } = await redactText(c.input);
      expect(found.filter((f) => !f.rule.startsWith('docket-'))).toEqual([]);
    },
  );

  it('the pre-filter of redactRecords lets through the line of every case holding a secret', () => {
    // A line it stops is never linted: every secret of the corpus must get past it, as a value
    // (serialised as the store serialises it) and with its field name as a JSON key.
    expect(PREFILTER).not.toBeNull();
    for (const c of positives) {
      expect(PREFILTER?.test(JSON.stringify({ input: c.input })), `${c.rule}/${c.name}`).toBe(true);
      for (const line of c.input.split('\n'))
        if (c.secrets.some((s) => line.includes(s)))
          expect(PREFILTER?.test(JSON.stringify({ line })), `${c.rule}/${c.name}: ${line}`).toBe(
            true,
          );
    }
  });

  it('redacts the secrets the filter-comments cases hide behind secretlint-disable', async () => {
    const hidden = cases.filter((c) => c.rule === 'filter-comments');
    expect(hidden.length).toBeGreaterThan(3);
    for (const c of hidden) {
      const { text } = await redactText(c.input);
      for (const token of c.input.match(/\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[abpr]-[\w-]+/g) ?? [])
        expect(text, c.name).not.toContain(token);
    }
  });

  it('redacts AWS access key ids (a Docket rule), never account ids', async () => {
    const id = cases.find((c) => c.rule === 'aws' && c.name === 'ng.AWS Access Key ID');
    const account = cases.find((c) => c.rule === 'aws' && c.name === 'ng.AWS Account ID');
    expect(id?.secrets.length).toBeGreaterThan(0);
    for (const s of id?.secrets ?? [])
      expect((await redactText(id?.input ?? '')).text).not.toContain(s);
    expect((await redactText(account?.input ?? 'x')).found).toEqual([]);
  });
});

describe("Docket's own rules: only what the preset misses", () => {
  // A range both a preset rule and a Docket rule find is named after the preset's rule, so a
  // Docket name here shows the preset let the shape through: that is why Docket has the rule.
  it.each([
    ['docket-aws-secret-access-key', `aws-secret-access-key=${AWS_SECRET}`],
    ['docket-aws-secret-access-key', `{\\"SecretAccessKey\\":\\"${AWS_SECRET}\\"}`],
    ['docket-aws-access-key-id', 'key AKIAQWERTYUIOPASDFGH used'],
    ['docket-aws-session-token', `AWS_SESSION_TOKEN=${SESSION}`],
    ['docket-authorization', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345'],
    ['docket-github-token', `MY${GHP}`],
    ['docket-url-credentials', 'http://user:password@host'],
    ['docket-private-key', OPENSSH_NO_END],
    ['docket-private-key', PGP_BLOCK],
    ['docket-jwt', JWT],
  ])('%s catches %j', async (rule, text) => {
    expect((await redactText(text)).found).toEqual([{ rule, count: 1 }]);
    // And redactRecords' pre-filter lets the line that holds it through to the rules.
    expect(PREFILTER?.test(JSON.stringify({ text }))).toBe(true);
  });

  it.each([
    [
      'an encrypted value longer than a secret key',
      `AWS_SECRET_ACCESS_KEY = ${'R6WCNd0erkAuZyD+Fe8C'.repeat(3)}`,
    ],
    ['a session token expiry', '"sessionTokenExpiration": "2026-11-20T10:00:00Z"'],
    ['unique ids of a user and a role', 'AIDAWVCXQ27A1H7FID62 AROAQWERTYUIOPASDFGHJ:ci-session'],
    ['an account id', '"recipientAccountId": "111111111111", "aws_account_id": "1111-2222-3333"'],
    ['the word bearer in prose', 'The bearer of this request is the deploy role.'],
    ['a URL without credentials', 'https://github.com/acme/api/pull/12?tab=files#r1'],
    ['an ssh remote', 'git@github.com:acme/api.git and ssh://git@github.com/acme/api.git'],
    [
      'a public key',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    ],
    [
      'a certificate',
      '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----',
    ],
    ['a base64 JSON document', Buffer.from('{"Version":"2012-10-17"}').toString('base64')],
  ])('leaves %s alone', async (_name, text) => {
    expect(await redactText(text)).toEqual({ text, found: [] });
  });
});

// Ordinary audit text: ARNs, sha256 hashes, git shas, UUIDs, base64 policy documents, URLs.
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-logs/*' }],
});
function cloudTrailRecords() {
  const records = [];
  for (let i = 0; i < 200; i++) {
    records.push(
      apiCall({
        time: `2026-08-01T10:${String(i % 60).padStart(2, '0')}:00Z`,
        name: ['PutBucketPolicy', 'RunInstances', 'UpdateFunctionCode', 'CreateRole'][
          i % 4
        ] as string,
        source: ['s3', 'ec2', 'lambda', 'iam'][i % 4] + '.amazonaws.com',
        identity: i % 2 ? assumedRole(CI_ROLE, `GitHubActions-${i}`) : iamUser(`dev${i % 7}`),
        requestParameters: {
          bucketName: 'acme-logs',
          policy: POLICY,
          userData: Buffer.from(`#!/bin/bash\necho build ${i}\n`).toString('base64'),
          policyDocument: encodeURIComponent(POLICY),
          codeSha256: Buffer.from(`sha-${i}`.repeat(8)).toString('base64').slice(0, 44),
          imageDigest: `sha256:${'0123456789abcdef'.repeat(4)}`,
          commit: '3f2a1b9c0d4e5f60718293a4b5c6d7e8f9012345',
          roleArn: `arn:aws:iam::${PROD}:role/service-role/lambda-${i}`,
          url: `https://github.com/acme/api/actions/runs/${1000 + i}?check_suite_focus=true`,
        },
        resources: [{ ARN: `arn:aws:s3:::acme-logs/builds/${i}.zip`, type: 'AWS::S3::Object' }],
      }),
    );
  }
  return records;
}

describe('redactRecords', () => {
  it('leaves ordinary CloudTrail events (as the store keeps them) alone', async () => {
    const events = cloudTrailRecords().map((r) => normalizeRecord(r));
    const out = await redactRecords(events);
    expect(out).toHaveLength(events.length);
    out.forEach((e, i) => expect(e).toBe(events[i]));
  });

  it('in raw CloudTrail records, redacts only the access key ids', async () => {
    const records = cloudTrailRecords();
    const out = await redactRecords(records);
    out.forEach((r, i) => {
      const original = records[i] as { userIdentity: { accessKeyId: string } };
      expect(r).toEqual({
        ...original,
        userIdentity: {
          ...original.userIdentity,
          accessKeyId: '[REDACTED:docket-aws-access-key-id]',
        },
      });
    });
  });

  it('leaves the example evidence store (GitHub, CloudTrail, SARIF records) alone', async () => {
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(dir, e.name));
        else if (e.name.endsWith('.ndjson')) files.push(join(dir, e.name));
      }
    };
    await walk(join(ROOT, 'evidence'));
    expect(files.length).toBeGreaterThan(5);
    const records = (await Promise.all(files.map((f) => readFile(f, 'utf8'))))
      .flatMap((t) => t.split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as unknown);
    const out = await redactRecords(records);
    out.forEach((r, i) => expect(r).toBe(records[i]));
  });

  it('in published CloudTrail records, redacts only credentials', async () => {
    const dir = join(ROOT, 'test/fixtures/real/cloudtrail');
    if (!existsSync(dir)) return;
    const changed = new Map<string, unknown>();
    for (const source of await readdir(dir)) {
      for (const file of await readdir(join(dir, source))) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await readFile(join(dir, source, file), 'utf8'));
        } catch {
          continue; // two documentation examples are not valid JSON as published
        }
        const records = (
          Array.isArray((parsed as { Records?: unknown }).Records)
            ? (parsed as { Records: unknown[] }).Records
            : [parsed]
        ) as unknown[];
        const out = await redactRecords(records);
        out.forEach((r, i) => diffPaths(records[i], r, '', changed));
      }
    }
    // AWS's examples carry access key ids (Panther's copy one into p_any_trace_ids), AssumeRole
    // responses session tokens. Unique ids of users and roles (AIDA…, AROA…) stay.
    expect(changed.size).toBeGreaterThan(5);
    for (const [path, was] of changed) {
      if (!path.endsWith('.sessionToken')) expect(was, path).toMatch(AWS_ID);
    }
  });

  it('catches a secret whose field name is a JSON key, its value the next string', async () => {
    const records = [
      { Credentials: { AccessKeyId: 'ASIAY34FZKBOKMUTVV7A', SecretAccessKey: AWS_SECRET } },
      { environment: [{ name: 'AWS_SECRET_ACCESS_KEY', value: AWS_SECRET }] },
      { variables: { 'aws-secret-access-key': AWS_SECRET, AWS_SESSION_TOKEN: SESSION } },
      { headers: { Authorization: 'Basic YWNtZTpzM2NyM3Q=' } },
    ];
    const out = await redactRecords(records);
    const text = JSON.stringify(out);
    for (const s of [AWS_SECRET, SESSION, 'ASIAY34FZKBOKMUTVV7A', 'YWNtZTpzM2NyM3Q=']) {
      expect(text).not.toContain(s);
    }
    expect(out[1]).toEqual({
      environment: [
        { name: 'AWS_SECRET_ACCESS_KEY', value: '[REDACTED:docket-aws-secret-access-key]' },
      ],
    });
  });

  it('catches a token right after an escaped newline or tab in a string', async () => {
    const out = await redactRecords([
      { body: `token:\n${GHP}` },
      { body: `token:\t${SLACK}` },
      { body: `\u001bnpm_${'a1B2c3D4e5'.repeat(3)}abcdef` },
    ]);
    expect(out).toEqual([
      { body: 'token:\n[REDACTED:github]' },
      { body: 'token:\t[REDACTED:slack]' },
      { body: '\u001b[REDACTED:npm]' },
    ]);
  });

  it('keeps lines valid JSON: a finding across strings redacts them one by one', async () => {
    // The preset's database rule reads a host up to the next space: past the end of the string.
    const records = [
      { url: 'postgres://app:Xq9vLp2Rz7@db.internal:5432/app', next: 'keep me' },
      { npmrc: `//registry.npmjs.org/:_authToken=npm_${'Zz9Yy8Xx7W'.repeat(3)}abcdef`, n: 1 },
      {
        key: [
          '-----BEGIN RSA PRIVATE KEY-----',
          `MII${'Ab3'.repeat(60)}`,
          '-----END RSA PRIVATE KEY-----',
        ].join('\n'),
      },
    ];
    const out = await redactRecords(records);
    expect(out[0]).toEqual({ url: '[REDACTED:database-connection-string]', next: 'keep me' });
    expect(out[1]).toEqual({ npmrc: '//registry.npmjs.org/:_authToken=[REDACTED:npm]', n: 1 });
    expect(out[2]).toEqual({ key: '[REDACTED:privatekey]' });
    for (const r of out) expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('keeps the findings inside strings when another finding of the line crosses one', async () => {
    const [out] = await redactRecords([
      { SecretAccessKey: AWS_SECRET, url: 'mysql://app:Xq9vLp2Rz7@db.internal/app', n: 1 },
    ]);
    expect(out).toEqual({
      SecretAccessKey: '[REDACTED:aws]',
      url: '[REDACTED:database-connection-string]',
      n: 1,
    });
  });

  it('redacts keys as well as values', async () => {
    const [out] = await redactRecords([{ [GHP]: 'value' }]);
    expect(out).toEqual({ '[REDACTED:github]': 'value' });
  });

  it('handles batches of many lines, and is deterministic', async () => {
    const records = Array.from({ length: 6000 }, (_, i) => ({
      i,
      padding: 'x'.repeat(300),
      body: i % 1000 === 999 ? `leaked ${GHP} and ${SLACK}` : `ordinary text ${i}`,
    }));
    const a = await redactRecords(records);
    const b = await redactRecords(records);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const redacted = a.filter((r, i) => r !== records[i]);
    expect(redacted.map((r) => r.i)).toEqual([999, 1999, 2999, 3999, 4999, 5999]);
    for (const r of redacted) expect(r.body).toBe('leaked [REDACTED:github] and [REDACTED:slack]');
  });

  it('redacts the same text the same way whatever else is in its batch', async () => {
    const text = `k ${GHP} ${OPENSSH_NO_END}`;
    const alone = await redactRecords([{ text }]);
    const inBatch = await redactRecords([{ a: 'b' }, { text }, { c: JWT }]);
    expect(inBatch[1]).toEqual(alone[0]);
    expect(alone[0]?.text).toBe((await redactText(text)).text);
  });
});

/** An AWS access key id. */
const AWS_ID = /^(?:AKIA|ASIA)[A-Z0-9]{16}$/;

/** Paths of the leaves that differ between two JSON values, with the first one's value. */
function diffPaths(a: unknown, b: unknown, path: string, out: Map<string, unknown>) {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      diffPaths(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
        out,
      );
    }
  } else if (a !== b) out.set(path, a);
}

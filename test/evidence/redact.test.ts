import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets } from '../../src/evidence/redact.ts';

// Secret shapes as people actually paste them: env files, SDK JSON, curl lines, CI logs.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY21lIn0.c2lnbmF0dXJlc2lnbmF0dXJl';

describe('redactSecrets', () => {
  it.each([
    [
      'GitHub classic token',
      'token ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 in the body',
      'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ],
    [
      'GitHub fine-grained token',
      'GH=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
    ],
    [
      'GitHub app installation token',
      'x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123456789@github.com',
      'ghs_abcdefghijklmnopqrstuvwxyz0123456789',
    ],
    ['AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used', 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS temporary key id', 'ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
    ['env file, upper case', `export AWS_SECRET_ACCESS_KEY=${SECRET}`, SECRET],
    ['credentials file, lower case', `aws_secret_access_key = ${SECRET}`, SECRET],
    ['SDK JSON', `{"AccessKeyId":"ASIA...","SecretAccessKey":"${SECRET}"}`, SECRET],
    ['camel case', `secretAccessKey: '${SECRET}'`, SECRET],
    [
      'session token',
      `AWS_SESSION_TOKEN=${'IQoJb3JpZ2luX2VjE'.repeat(8)}`,
      'IQoJb3JpZ2luX2VjE'.repeat(8),
    ],
    ['bearer header', `curl -H "Authorization: Bearer ${JWT}"`, JWT],
    ['bearer header, lower case', `authorization: bearer ${JWT}`, JWT],
    ['bearer header, upper case', `AUTHORIZATION: BEARER ${JWT}`, JWT],
    [
      'basic auth header',
      'Authorization: Basic YWNtZTpzM2NyM3QtcGFzc3dvcmQ=',
      'YWNtZTpzM2NyM3QtcGFzc3dvcmQ=',
    ],
    [
      'private key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAA',
    ],
  ])('removes a %s', (_name, text, secret) => {
    const out = redactSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toMatch(/\[REDACTED:[a-z-]+\]/);
  });

  it('keeps the field name, so the record still says which field held the secret', () => {
    expect(redactSecrets(`AWS_SECRET_ACCESS_KEY=${SECRET}`)).toBe(
      'AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-access-key]',
    );
    expect(redactSecrets(`Authorization: Bearer ${JWT}`)).toBe(
      'Authorization: Bearer [REDACTED:bearer]',
    );
    expect(redactSecrets('Authorization: Basic YWNtZTpzM2NyM3Q=')).toBe(
      'Authorization: Basic [REDACTED:basic-auth]',
    );
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Bump the token bucket size; rotate keys per the access-control policy (OPS-01). Commit 3f2a1b9c0d4e5f60718293a4b5c6d7e8f9012345.';
    expect(redactSecrets(text)).toBe(text);
  });

  it('redacts keys and values deep inside records', () => {
    const record = {
      body: `AWS_SECRET_ACCESS_KEY=${SECRET}`,
      labels: [{ name: 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' }],
    };
    expect(JSON.stringify(redactDeep(record))).not.toMatch(/wJalr|ghp_A/);
  });
});

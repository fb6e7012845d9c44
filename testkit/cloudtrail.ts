import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RawCloudTrailRecord } from '../src/core/cloudtrail/normalize.ts';

// CloudTrail records in the shape AWS documents and delivers (eventVersion 1.09), for tests,
// the example organisation and benchmarks.

export const PROD = '111111111111';
export const STAGING = '222222222222';
export const CI_ROLE = `arn:aws:iam::${PROD}:role/github-actions-deploy`;
export const BREAK_GLASS_ROLE = `arn:aws:iam::${PROD}:role/break-glass`;
export const SSO_ROLE = `arn:aws:iam::${PROD}:role/aws-reserved/sso.amazonaws.com/eu-central-1/AWSReservedSSO_PowerUser_0123456789abcdef`;

/** A service-linked role: created by AWS under the reserved /aws-service-role/ path. */
export const AUTOSCALING_SLR = `arn:aws:iam::${PROD}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
/** The user agent of a console page that calls an AWS API from the browser itself. */
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** An IAM user signed in to the console (console sessions use temporary ASIA… keys). */
export function iamUser(name: string, account = PROD) {
  return {
    type: 'IAMUser',
    principalId: `AIDA${createHash('md5').update(name).digest('hex').slice(0, 17).toUpperCase()}`,
    arn: `arn:aws:iam::${account}:user/${name}`,
    accountId: account,
    accessKeyId: `ASIA${createHash('md5').update(`key:${name}`).digest('hex').slice(0, 16).toUpperCase()}`,
    userName: name,
    sessionContext: {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'true' },
    },
  };
}

/** The account's root user. */
export function rootUser(account = PROD) {
  return {
    type: 'Root',
    principalId: account,
    arn: `arn:aws:iam::${account}:root`,
    accountId: account,
    accessKeyId: `ASIA${createHash('md5').update(`root:${account}`).digest('hex').slice(0, 16).toUpperCase()}`,
    sessionContext: {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'true' },
    },
  };
}

/** A UUID derived from a seed: the same seed, the same id. */
export const uuidFrom = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

type Record = RawCloudTrailRecord & { [key: string]: unknown };

/** A session of an assumed role: CI through OIDC, a person through SSO, or break-glass. */
export function assumedRole(roleArn: string, session: string, account = PROD) {
  const roleName = roleArn.split('/').at(-1) as string;
  return {
    type: 'AssumedRole',
    principalId: `AROA${createHash('md5').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
    accountId: account,
    accessKeyId: `ASIA${createHash('md5').update(session).digest('hex').slice(0, 16).toUpperCase()}`,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: `AROA${roleName.toUpperCase().slice(0, 12)}`,
        arn: roleArn,
        accountId: account,
        userName: roleName,
      },
      attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

export function apiCall(opts: {
  time: string;
  name: string;
  source: string;
  identity: object;
  account?: string;
  region?: string;
  readOnly?: boolean;
  userAgent?: string;
  console?: boolean;
  resources?: { ARN: string; type: string }[];
  errorCode?: string;
  requestParameters?: object;
  id?: string;
}): Record {
  const account = opts.account ?? PROD;
  return {
    eventVersion: '1.09',
    userIdentity: opts.identity as RawCloudTrailRecord['userIdentity'],
    eventTime: opts.time,
    eventSource: opts.source,
    eventName: opts.name,
    awsRegion: opts.region ?? 'eu-central-1',
    sourceIPAddress: opts.console ? 'AWS Internal' : '203.0.113.10',
    userAgent:
      opts.userAgent ??
      (opts.console
        ? 'AWS Internal'
        : 'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0'),
    ...(opts.errorCode && {
      errorCode: opts.errorCode,
      errorMessage: 'You are not authorized to perform this operation.',
    }),
    requestParameters: (opts.requestParameters ?? {}) as RawCloudTrailRecord['requestParameters'],
    responseElements: null,
    requestID: uuidFrom(`req:${opts.id ?? opts.time + opts.name}`),
    eventID: opts.id ?? uuidFrom(`${opts.time}:${opts.name}:${JSON.stringify(opts.identity)}`),
    readOnly: opts.readOnly ?? false,
    ...(opts.resources && { resources: opts.resources.map((r) => ({ ...r, accountId: account })) }),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...(opts.console && { sessionCredentialFromConsole: 'true' }),
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${opts.source.split('.')[0]}.eu-central-1.amazonaws.com`,
    },
  };
}

export function consoleLogin(time: string, identity: object, account = PROD): Record {
  return {
    eventVersion: '1.09',
    userIdentity: identity as RawCloudTrailRecord['userIdentity'],
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' } as never,
    additionalEventData: { MobileVersion: 'No', MFAUsed: 'Yes' },
    eventID: uuidFrom(`login:${time}:${JSON.stringify(identity)}`),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

/** An AssumeRole call; its response carries credentials, which Docket must never keep. */
export function assumeRole(
  time: string,
  caller: object,
  roleArn: string,
  session: string,
  durationSeconds = 3600,
  account = PROD,
): Record {
  return {
    ...apiCall({
      time,
      name: 'AssumeRole',
      source: 'sts.amazonaws.com',
      identity: caller,
      account,
      readOnly: true,
      userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0',
      requestParameters: { roleArn, roleSessionName: session, durationSeconds },
    }),
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAQWERTYUIOPASDFGH',
        sessionToken: `IQoJb3JpZ2luX2VjE${'x'.repeat(120)}`,
        expiration: 'Jun 14, 2026, 3:14:05 AM',
      },
      assumedRoleUser: {
        assumedRoleId: `AROAEXAMPLE:${session}`,
        arn: `arn:aws:sts::${account}:assumed-role/${roleArn.split('/').at(-1)}/${session}`,
      },
    } as never,
    resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: roleArn }] as never,
  };
}

/** A service acting on its own behalf (e.g. autoscaling replacing an instance): never a manual change. */
export function serviceEvent(time: string, service: string, name: string, account = PROD): Record {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AWSService', invokedBy: service } as RawCloudTrailRecord['userIdentity'],
    eventTime: time,
    eventSource: 'ec2.amazonaws.com',
    eventName: name,
    awsRegion: 'eu-central-1',
    sourceIPAddress: service,
    userAgent: service,
    requestParameters: null,
    eventID: uuidFrom(`svc:${time}:${name}`),
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

/**
 * A call made by an AWS service through its service-linked role (e.g. Auto Scaling launching an
 * instance): an assumed-role session of a role under /aws-service-role/. Some services also set
 * userIdentity.invokedBy; `invokedBy: false` leaves it out.
 */
export function serviceLinkedRoleCall(opts: {
  time: string;
  name: string;
  source: string;
  roleArn?: string;
  service?: string;
  invokedBy?: boolean;
  id?: string;
  account?: string;
}): Record {
  const service = opts.service ?? 'autoscaling.amazonaws.com';
  const identity = {
    ...assumedRole(opts.roleArn ?? AUTOSCALING_SLR, 'AutoScaling', opts.account),
    ...(opts.invokedBy !== false && { invokedBy: service }),
  };
  return {
    ...apiCall({
      time: opts.time,
      name: opts.name,
      source: opts.source,
      identity,
      account: opts.account,
      userAgent: service,
      ...(opts.id && { id: opts.id }),
    }),
    sourceIPAddress: service,
  };
}

/** Writes records as delivered log files: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/…json.gz, one file per account, region and hour (or day). */
export async function writeTrail(
  dir: string,
  records: readonly Record[],
  opts: { gzip?: boolean; perDay?: boolean } = {},
): Promise<string[]> {
  const files = new Map<string, Record[]>();
  for (const r of records) {
    const t = r.eventTime as string;
    const account = r.recipientAccountId as string;
    const region = r.awsRegion as string;
    const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}T${opts.perDay ? '23' : t.slice(11, 13)}${opts.perDay ? '55' : '00'}Z`;
    const path = `AWSLogs/${account}/CloudTrail/${region}/${t.slice(0, 4)}/${t.slice(5, 7)}/${t.slice(8, 10)}/${account}_CloudTrail_${region}_${stamp}_${createHash(
      'md5',
    )
      .update(stamp + region)
      .digest('hex')
      .slice(0, 16)}.json${opts.gzip === false ? '' : '.gz'}`;
    files.set(path, [...(files.get(path) ?? []), r]);
  }
  const written: string[] = [];
  for (const [path, recs] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    const body = JSON.stringify({ Records: recs });
    await writeFile(full, path.endsWith('.gz') ? gzipSync(body, { level: 9 }) : body);
    written.push(path);
  }
  return written;
}

/**
 * `count` successful UpdateService calls by the CI deploy role, one an hour from `from`, with
 * event ids `idOf(i)`: the steady background of writes a production account's trail carries.
 */
export function hourlyCiDeploys(
  count: number,
  from: string,
  idOf: (i: number) => string = (i) => `ev-${i}`,
): Record[] {
  const identity = assumedRole(CI_ROLE, 'GitHubActions');
  return Array.from({ length: count }, (_, i) =>
    apiCall({
      time: new Date(Date.parse(from) + i * 3_600_000).toISOString().replace('.000Z', 'Z'),
      name: 'UpdateService',
      source: 'ecs.amazonaws.com',
      identity,
      id: idOf(i),
    }),
  );
}

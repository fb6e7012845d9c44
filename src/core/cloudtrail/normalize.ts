import { CloudTrailEvent } from '../schemas/cloudtrail.ts';
import { parseInstant } from './time.ts';

/**
 * A CloudTrail record as AWS delivers it; only the fields Docket reads are typed. Every field is
 * `unknown` to the checks in normalizeRecord: a log file is outside input.
 */
export interface RawCloudTrailRecord {
  eventID?: string;
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  eventType?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  readOnly?: boolean;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  sessionCredentialFromConsole?: string | boolean;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    invokedBy?: string;
    sessionContext?: { sessionIssuer?: { arn?: string; type?: string } };
  };
  requestParameters?: {
    roleArn?: string;
    roleSessionName?: string;
    durationSeconds?: number;
  } | null;
  resources?: { ARN?: string; type?: string }[];
}

/**
 * User agents AWS documents for calls made from the AWS Management Console: signin.amazonaws.com
 * (an IAM user), console.amazonaws.com (the root user), and the service consoles' own hosts
 * (console.ec2.amazonaws.com, …). "AWS Internal" is not among them: AWS services acting for a
 * principal send it too; a console call through it carries sessionCredentialFromConsole.
 */
const CONSOLE_AGENT = /^(?:[a-z0-9-]+\.)?(?:console|signin)\.(?:[a-z0-9-]+\.)?amazonaws\.com$/i;

/** An AWS account id: twelve digits (it names the store folder, so nothing else is accepted). */
const ACCOUNT = /^\d{12}$/;

/** Why a record cannot be kept: fields missing, or present with a value that is not what AWS writes. */
export interface RecordProblem {
  missing: string[];
  invalid: { field: string; message: string }[];
}

/** Whether Docket keeps a record: writes, console sign-ins, and assumptions of a break-glass role. */
export function keepRecord(r: RawCloudTrailRecord, breakGlassRoles: ReadonlySet<string>): boolean {
  // A readOnly that is not a boolean is kept, so that normalizeRecord reports it rather than the
  // record vanishing unseen.
  if (
    r.readOnly === false ||
    (r.readOnly !== undefined && r.readOnly !== null && typeof r.readOnly !== 'boolean')
  )
    return true;
  if (r.eventName === 'ConsoleLogin') return true;
  const roleArn = isObject(r.requestParameters) ? r.requestParameters.roleArn : undefined;
  return (
    typeof r.eventName === 'string' &&
    r.eventName.startsWith('AssumeRole') &&
    typeof roleArn === 'string' &&
    breakGlassRoles.has(roleArn)
  );
}

/** The role behind an assumed-role ARN (arn:aws:sts::1:assumed-role/Name/session → arn:aws:iam::1:role/Name). */
function roleOf(arn: string): { role: string; session: string } | null {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return m ? { role: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, session: m[4] as string } : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const show = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
const kind = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${show(v)}`;

/**
 * The normalised event, or what is wrong with the record: which fields are missing and which hold
 * a value of the wrong type or an impossible time, each named by its path in the record. Never
 * keeps credentials: responseElements (where AssumeRole returns its keys) is not read at all.
 */
export function normalizeRecord(r: RawCloudTrailRecord): CloudTrailEvent | RecordProblem {
  const raw = r as Record<string, unknown>;
  const problem: RecordProblem = { missing: [], invalid: [] };
  const bad = (field: string, message: string) => problem.invalid.push({ field, message });
  /** A required string field. */
  const required = (field: string): string | null => {
    const v = raw[field];
    if (v === undefined || v === null || v === '') problem.missing.push(field);
    else if (typeof v !== 'string') bad(field, `expected a string, got ${kind(v)}`);
    else return v;
    return null;
  };
  /** An optional string field of `obj` (absent or null is fine). */
  const optional = (obj: Record<string, unknown>, key: string, path: string): string | null => {
    const v = obj[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      bad(path, `expected a string, got ${kind(v)}`);
      return null;
    }
    return v;
  };
  /** An optional object field (absent or null is an empty object). */
  const object = (
    obj: Record<string, unknown>,
    key: string,
    path: string,
  ): Record<string, unknown> => {
    const v = obj[key];
    if (v === undefined || v === null) return {};
    if (!isObject(v)) {
      bad(path, `expected an object, got ${kind(v)}`);
      return {};
    }
    return v;
  };

  const eventId = required('eventID');
  const eventTime = required('eventTime');
  const eventSource = required('eventSource');
  const eventName = required('eventName');
  const region = required('awsRegion');
  let ms: number | null = null;
  if (eventTime !== null) {
    ms = parseInstant(eventTime, true);
    if (ms === null)
      bad('eventTime', `${show(eventTime)} is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ)`);
  }
  const identity = object(raw, 'userIdentity', 'userIdentity');
  const sessionContext = object(identity, 'sessionContext', 'userIdentity.sessionContext');
  const issuer = object(
    sessionContext,
    'sessionIssuer',
    'userIdentity.sessionContext.sessionIssuer',
  );
  const identityType = optional(identity, 'type', 'userIdentity.type');
  const arn = optional(identity, 'arn', 'userIdentity.arn');
  const identityAccount = optional(identity, 'accountId', 'userIdentity.accountId');
  const invokedBy = optional(identity, 'invokedBy', 'userIdentity.invokedBy');
  const issuerArn = optional(issuer, 'arn', 'userIdentity.sessionContext.sessionIssuer.arn');
  const recipient = optional(raw, 'recipientAccountId', 'recipientAccountId');
  const account = recipient ?? identityAccount;
  if (account === null) {
    if (!problem.invalid.some((p) => p.field === 'recipientAccountId'))
      problem.missing.push('recipientAccountId');
  } else if (!ACCOUNT.test(account))
    bad(
      recipient !== null ? 'recipientAccountId' : 'userIdentity.accountId',
      `${show(account)} is not an AWS account id (12 digits)`,
    );
  const eventType = optional(raw, 'eventType', 'eventType');
  const userAgent = optional(raw, 'userAgent', 'userAgent');
  const sourceIp = optional(raw, 'sourceIPAddress', 'sourceIPAddress');
  const errorCode = optional(raw, 'errorCode', 'errorCode');
  const readOnly = raw.readOnly;
  if (readOnly !== undefined && readOnly !== null && typeof readOnly !== 'boolean')
    bad('readOnly', `expected true or false, got ${kind(readOnly)}`);
  const fromConsole = raw.sessionCredentialFromConsole;
  if (
    fromConsole !== undefined &&
    fromConsole !== null &&
    fromConsole !== true &&
    fromConsole !== false &&
    fromConsole !== 'true' &&
    fromConsole !== 'false'
  ) {
    bad('sessionCredentialFromConsole', `expected "true" or "false", got ${kind(fromConsole)}`);
  }
  const resources: { arn: string | null; type: string | null }[] = [];
  if (raw.resources !== undefined && raw.resources !== null) {
    if (!Array.isArray(raw.resources))
      bad('resources', `expected an array, got ${kind(raw.resources)}`);
    else
      raw.resources.forEach((x: unknown, i) => {
        if (!isObject(x)) return bad(`resources[${i}]`, `expected an object, got ${kind(x)}`);
        resources.push({
          arn: optional(x, 'ARN', `resources[${i}].ARN`),
          type: optional(x, 'type', `resources[${i}].type`),
        });
      });
  }
  let assumedRole: CloudTrailEvent['assumed_role'] = null;
  const request = object(raw, 'requestParameters', 'requestParameters');
  if (eventName?.startsWith('AssumeRole') && request.roleArn !== undefined) {
    const roleArn = optional(request, 'roleArn', 'requestParameters.roleArn');
    const session = optional(request, 'roleSessionName', 'requestParameters.roleSessionName');
    const duration = request.durationSeconds ?? 3600;
    if (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0)
      bad(
        'requestParameters.durationSeconds',
        `expected a whole number of seconds, got ${kind(duration)}`,
      );
    else if (roleArn !== null && ms !== null) {
      // Derived from the requested duration, not from the response, whose credentials are not kept.
      assumedRole = {
        role_arn: roleArn,
        session_name: session,
        expires_at: new Date(ms + duration * 1000).toISOString(),
      };
    }
  }
  if (problem.missing.length || problem.invalid.length) return problem;

  const assumed = arn ? roleOf(arn) : null;
  return CloudTrailEvent.parse({
    event_id: eventId,
    time: new Date(ms as number).toISOString(),
    account,
    region,
    source: eventSource,
    name: eventName,
    event_type: eventType,
    read_only: typeof readOnly === 'boolean' ? readOnly : null,
    principal: {
      type: identityType ?? 'Unknown',
      arn,
      account_id: identityAccount,
      role_arn: issuerArn ?? assumed?.role ?? null,
      session_name: assumed?.session ?? null,
      invoked_by: invokedBy,
    },
    // sessionCredentialFromConsole is AWS's documented mark of a console session; the console's
    // own user agents and console sign-in / console action events count too.
    console:
      fromConsole === true ||
      fromConsole === 'true' ||
      (userAgent !== null && CONSOLE_AGENT.test(userAgent)) ||
      eventType === 'AwsConsoleSignIn' ||
      eventType === 'AwsConsoleAction',
    source_ip: sourceIp,
    user_agent: userAgent,
    resources,
    error_code: errorCode,
    assumed_role: assumedRole,
  });
}

export function isRecordProblem(v: CloudTrailEvent | RecordProblem): v is RecordProblem {
  return 'missing' in v && 'invalid' in v;
}

/** `record 3 (eventID) lacks eventSource; eventTime: "…" is not a real UTC time` — for messages. */
export function describeRecordProblem(index: number, r: unknown, p: RecordProblem): string {
  const id = isObject(r) && typeof r.eventID === 'string' && r.eventID !== '' ? r.eventID : null;
  const name = id === null ? '' : /^[\w.:-]{1,80}$/.test(id) ? ` (${id})` : ` (${show(id)})`;
  const parts = [
    ...(p.missing.length ? [`lacks ${p.missing.join(', ')}`] : []),
    ...p.invalid.map((x) => `${x.field}: ${x.message}`),
  ];
  return `record ${index + 1}${name} ${parts.join('; ')}`;
}

export function compareEvents(a: CloudTrailEvent, b: CloudTrailEvent): number {
  return a.time < b.time
    ? -1
    : a.time > b.time
      ? 1
      : a.event_id < b.event_id
        ? -1
        : a.event_id > b.event_id
          ? 1
          : 0;
}

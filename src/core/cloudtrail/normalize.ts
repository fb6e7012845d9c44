import { CloudTrailEvent } from '../schemas/cloudtrail.ts';
import { inferReadOnly, isConsole } from './classify.ts';
import { derivedEventId } from './derived-id.ts';
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
  eventCategory?: string;
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
  /** Only `ConsoleLogin` (Success or Failure) is read: the rest may carry credentials. */
  responseElements?: { ConsoleLogin?: string } | null;
}

/** An AWS account id: twelve digits (it names the store folder, so nothing else is accepted). */
const ACCOUNT = /^\d{12}$/;

/** Why a record cannot be kept: fields missing, or present with a value that is not what AWS writes. */
export interface RecordProblem {
  missing: string[];
  invalid: { field: string; message: string }[];
}

/**
 * Whether Docket keeps an event: writes (readOnly false, as AWS wrote it or as inferred from the
 * API name), console sign-ins, and assumptions of a break-glass role. The rest are reads.
 */
export function keepEvent(e: CloudTrailEvent, breakGlassRoles: ReadonlySet<string>): boolean {
  if (e.read_only === false || e.name === 'ConsoleLogin') return true;
  return (
    e.name.startsWith('AssumeRole') &&
    e.assumed_role !== null &&
    breakGlassRoles.has(e.assumed_role.role_arn)
  );
}

/**
 * A CloudTrail Insights event (eventType AwsCloudTrailInsight, eventCategory Insight): AWS's
 * record of unusual API activity, not an API call, so it has no caller and no read or write.
 */
export function isInsightRecord(r: RawCloudTrailRecord): boolean {
  return r.eventType === 'AwsCloudTrailInsight' || r.eventCategory === 'Insight';
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
 * Reads a record's fields, noting each that is missing or holds a value of the wrong type by its
 * path in the record. The steps below read through one reader, in a fixed order, so a record's
 * problems are always listed the same way.
 */
function fieldReader(raw: Record<string, unknown>) {
  const problem: RecordProblem = { missing: [], invalid: [] };
  const bad = (field: string, message: string) => {
    problem.invalid.push({ field, message });
  };
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
  return { raw, problem, bad, required, optional, object };
}
type Fields = ReturnType<typeof fieldReader>;

/**
 * The event's id: its eventID, or, when AWS wrote none (eventVersion 1.0), an id derived from the
 * record's canonical form, so the record is kept and a duplicate delivery still collapses.
 */
function readEventId(f: Fields): { id: string | null; derived: boolean } {
  const v = f.raw.eventID;
  if (v === undefined || v === null || v === '')
    return { id: derivedEventId(f.raw), derived: true };
  if (typeof v !== 'string') {
    f.bad('eventID', `expected a string, got ${kind(v)}`);
    return { id: null, derived: false };
  }
  return { id: v, derived: false };
}

/**
 * A record's time: AWS's ISO 8601 UTC form (2026-06-14T02:14:05Z), or the same instant written
 * with a space and no zone (2026-06-14 02:14:05.000), as CloudTrail Lake returns it and log
 * pipelines such as Panther store it, which is UTC too.
 */
function readTime(f: Fields, eventTime: string | null): number | null {
  if (eventTime === null) return null;
  const spaced = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)$/.exec(eventTime);
  const ms = parseInstant(spaced ? `${spaced[1]}T${spaced[2]}Z` : eventTime, true);
  if (ms === null)
    f.bad('eventTime', `${show(eventTime)} is not a real UTC time (expected YYYY-MM-DDThh:mm:ssZ)`);
  return ms;
}

/** What happened, when and where: the fields every record must have. */
function readEvent(f: Fields) {
  const eventId = readEventId(f);
  const eventTime = f.required('eventTime');
  const eventSource = f.required('eventSource');
  const eventName = f.required('eventName');
  const region = f.required('awsRegion');
  const ms = readTime(f, eventTime);
  return { eventId, eventSource, eventName, region, ms };
}

/** Who acted, and the account the event belongs to (the recipient, else the caller's). */
function readIdentity(f: Fields) {
  // Every API call and service event names who made it (AWS: userIdentity, "Optional: False").
  if (f.raw.userIdentity === undefined || f.raw.userIdentity === null)
    f.problem.missing.push('userIdentity');
  const identity = f.object(f.raw, 'userIdentity', 'userIdentity');
  const sessionContext = f.object(identity, 'sessionContext', 'userIdentity.sessionContext');
  const issuer = f.object(
    sessionContext,
    'sessionIssuer',
    'userIdentity.sessionContext.sessionIssuer',
  );
  const type = f.optional(identity, 'type', 'userIdentity.type');
  const arn = f.optional(identity, 'arn', 'userIdentity.arn');
  const accountId = f.optional(identity, 'accountId', 'userIdentity.accountId');
  const invokedBy = f.optional(identity, 'invokedBy', 'userIdentity.invokedBy');
  const issuerArn = f.optional(issuer, 'arn', 'userIdentity.sessionContext.sessionIssuer.arn');
  const recipient = f.optional(f.raw, 'recipientAccountId', 'recipientAccountId');
  const account = recipient ?? accountId;
  if (account === null) {
    if (!f.problem.invalid.some((p) => p.field === 'recipientAccountId'))
      f.problem.missing.push('recipientAccountId');
  } else if (!ACCOUNT.test(account))
    f.bad(
      recipient !== null ? 'recipientAccountId' : 'userIdentity.accountId',
      `${show(account)} is not an AWS account id (12 digits)`,
    );
  return { type, arn, accountId, invokedBy, issuerArn, account };
}

/** How the call was made: the fields that classify it (console, read-only) and describe it. */
function readCallContext(f: Fields) {
  const eventType = f.optional(f.raw, 'eventType', 'eventType');
  const userAgent = f.optional(f.raw, 'userAgent', 'userAgent');
  const sourceIp = f.optional(f.raw, 'sourceIPAddress', 'sourceIPAddress');
  const readOnly = f.raw.readOnly;
  if (readOnly !== undefined && readOnly !== null && typeof readOnly !== 'boolean')
    f.bad('readOnly', `expected true or false, got ${kind(readOnly)}`);
  const fromConsole = f.raw.sessionCredentialFromConsole;
  if (
    fromConsole !== undefined &&
    fromConsole !== null &&
    fromConsole !== true &&
    fromConsole !== false &&
    fromConsole !== 'true' &&
    fromConsole !== 'false'
  ) {
    f.bad('sessionCredentialFromConsole', `expected "true" or "false", got ${kind(fromConsole)}`);
  }
  return { eventType, userAgent, sourceIp, errorCode: readError(f), readOnly, fromConsole };
}

/**
 * The error the call returned, or null when it succeeded. `errorCode: ""` is no error. A failed
 * console sign-in has no errorCode: AWS writes responseElements.ConsoleLogin "Failure", which is
 * kept as the error code "Failure" (only that key of responseElements is read).
 */
function readError(f: Fields): string | null {
  const code = f.optional(f.raw, 'errorCode', 'errorCode');
  if (code !== null && code !== '') return code;
  const response = f.raw.responseElements;
  if (isObject(response) && response.ConsoleLogin === 'Failure') return 'Failure';
  return null;
}

/**
 * readOnly as AWS wrote it, or, when absent, as the API name implies (Get*, List*, Describe*, …
 * read; the rest write), marked as inferred.
 */
function readOnlyOf(
  call: ReturnType<typeof readCallContext>,
  eventName: string,
): { readOnly: boolean; inferred: boolean } {
  if (typeof call.readOnly === 'boolean') return { readOnly: call.readOnly, inferred: false };
  return { readOnly: inferReadOnly(eventName), inferred: true };
}

/** The resources the call touched. */
function readResources(f: Fields): CloudTrailEvent['resources'] {
  const resources: CloudTrailEvent['resources'] = [];
  const raw = f.raw.resources;
  if (raw === undefined || raw === null) return resources;
  if (!Array.isArray(raw)) {
    f.bad('resources', `expected an array, got ${kind(raw)}`);
    return resources;
  }
  raw.forEach((x: unknown, i) => {
    if (!isObject(x)) return f.bad(`resources[${i}]`, `expected an object, got ${kind(x)}`);
    resources.push({
      arn: f.optional(x, 'ARN', `resources[${i}].ARN`),
      type: f.optional(x, 'type', `resources[${i}].type`),
    });
  });
  return resources;
}

/**
 * The role an AssumeRole call asked for, and when its credentials expire: derived from the
 * requested duration, not from the response, whose credentials are not kept.
 */
function readAssumedRole(
  f: Fields,
  eventName: string | null,
  ms: number | null,
): CloudTrailEvent['assumed_role'] {
  const request = f.object(f.raw, 'requestParameters', 'requestParameters');
  if (!eventName?.startsWith('AssumeRole') || request.roleArn === undefined) return null;
  const roleArn = f.optional(request, 'roleArn', 'requestParameters.roleArn');
  const session = f.optional(request, 'roleSessionName', 'requestParameters.roleSessionName');
  const duration = request.durationSeconds ?? 3600;
  if (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0) {
    f.bad(
      'requestParameters.durationSeconds',
      `expected a whole number of seconds, got ${kind(duration)}`,
    );
    return null;
  }
  if (roleArn === null || ms === null) return null;
  return {
    role_arn: roleArn,
    session_name: session,
    expires_at: new Date(ms + duration * 1000).toISOString(),
  };
}

/** The acting principal; for an assumed role, the role and session named by its ARN. */
function principalOf(identity: ReturnType<typeof readIdentity>): CloudTrailEvent['principal'] {
  const assumed = identity.arn ? roleOf(identity.arn) : null;
  return {
    type: identity.type ?? 'Unknown',
    arn: identity.arn,
    account_id: identity.accountId,
    role_arn: identity.issuerArn ?? assumed?.role ?? null,
    session_name: assumed?.session ?? null,
    invoked_by: identity.invokedBy,
  };
}

/**
 * The normalised event, or what is wrong with the record: which fields are missing and which hold
 * a value of the wrong type or an impossible time, each named by its path in the record. Never
 * keeps credentials: responseElements (where AssumeRole returns its keys) is not read at all.
 */
export function normalizeRecord(r: RawCloudTrailRecord): CloudTrailEvent | RecordProblem {
  const f = fieldReader(r as Record<string, unknown>);
  const event = readEvent(f);
  const identity = readIdentity(f);
  const call = readCallContext(f);
  const resources = readResources(f);
  const assumedRole = readAssumedRole(f, event.eventName, event.ms);
  if (f.problem.missing.length || f.problem.invalid.length) return f.problem;

  const name = event.eventName as string;
  const readOnly = readOnlyOf(call, name);
  return CloudTrailEvent.parse({
    event_id: event.eventId.id,
    ...(event.eventId.derived && { event_id_derived: true }),
    time: new Date(event.ms as number).toISOString(),
    account: identity.account,
    region: event.region,
    source: event.eventSource,
    name,
    event_type: call.eventType,
    read_only: readOnly.readOnly,
    ...(readOnly.inferred && { read_only_inferred: true }),
    principal: principalOf(identity),
    console: isConsole({
      eventType: call.eventType,
      eventSource: event.eventSource,
      userAgent: call.userAgent,
      sourceIp: call.sourceIp,
      invokedBy: identity.invokedBy,
      fromConsole: call.fromConsole,
    }),
    source_ip: call.sourceIp,
    user_agent: call.userAgent,
    resources,
    error_code: call.errorCode,
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

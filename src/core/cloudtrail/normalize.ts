import { CloudTrailEvent } from '../schemas/cloudtrail.ts';

/** A CloudTrail record as AWS delivers it; only the fields Docket reads are typed. */
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
  requestParameters?: { roleArn?: string; roleSessionName?: string; durationSeconds?: number } | null;
  resources?: { ARN?: string; type?: string }[];
}

const CONSOLE_AGENT = /^(?:[a-z0-9-]+\.)?(?:console|signin)\.(?:[a-z0-9-]+\.)?amazonaws\.com$/i;

/** Whether Docket keeps a record: writes, console sign-ins, and assumptions of a break-glass role. */
export function keepRecord(r: RawCloudTrailRecord, breakGlassRoles: ReadonlySet<string>): boolean {
  if (r.readOnly === false) return true;
  if (r.eventName === 'ConsoleLogin') return true;
  return (r.eventName ?? '').startsWith('AssumeRole') && breakGlassRoles.has(r.requestParameters?.roleArn ?? '');
}

/** The role behind an assumed-role ARN (arn:aws:sts::1:assumed-role/Name/session → arn:aws:iam::1:role/Name). */
function roleOf(arn: string): { role: string; session: string } | null {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  return m ? { role: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, session: m[4] as string } : null;
}

/**
 * The normalised event, or the list of fields that are missing. Never keeps credentials:
 * responseElements (where AssumeRole returns its keys) is not read at all.
 */
export function normalizeRecord(r: RawCloudTrailRecord): CloudTrailEvent | { missing: string[] } {
  const missing: string[] = (['eventID', 'eventTime', 'eventSource', 'eventName', 'awsRegion'] as const).filter((k) => typeof r[k] !== 'string');
  const account = r.recipientAccountId ?? r.userIdentity?.accountId;
  if (!account) missing.push('recipientAccountId');
  if (missing.length) return { missing };
  const id = r.userIdentity ?? {};
  const assumed = id.arn ? roleOf(id.arn) : null;
  const userAgent = r.userAgent ?? null;
  const time = new Date(r.eventTime as string).toISOString();
  const assumeRole = (r.eventName as string).startsWith('AssumeRole') && r.requestParameters?.roleArn
    ? {
        role_arn: r.requestParameters.roleArn,
        session_name: r.requestParameters.roleSessionName ?? null,
        // Derived from the requested duration, not from the response, whose credentials are not kept.
        expires_at: new Date(Date.parse(time) + (r.requestParameters.durationSeconds ?? 3600) * 1000).toISOString(),
      }
    : null;
  return CloudTrailEvent.parse({
    event_id: r.eventID,
    time,
    account,
    region: r.awsRegion,
    source: r.eventSource,
    name: r.eventName,
    event_type: r.eventType ?? null,
    read_only: typeof r.readOnly === 'boolean' ? r.readOnly : null,
    principal: {
      type: id.type ?? 'Unknown',
      arn: id.arn ?? null,
      account_id: id.accountId ?? null,
      role_arn: id.sessionContext?.sessionIssuer?.arn ?? assumed?.role ?? null,
      session_name: assumed?.session ?? null,
      invoked_by: id.invokedBy ?? null,
    },
    console:
      r.sessionCredentialFromConsole === true ||
      r.sessionCredentialFromConsole === 'true' ||
      (userAgent !== null && CONSOLE_AGENT.test(userAgent)) ||
      r.eventType === 'AwsConsoleSignIn' ||
      r.eventType === 'AwsConsoleAction',
    source_ip: r.sourceIPAddress ?? null,
    user_agent: userAgent,
    resources: (r.resources ?? []).map((x) => ({ arn: x.ARN ?? null, type: x.type ?? null })),
    error_code: r.errorCode ?? null,
    assumed_role: assumeRole,
  });
}

export function compareEvents(a: CloudTrailEvent, b: CloudTrailEvent): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;
}

import type { RawCloudTrailRecord } from '../../src/core/cloudtrail/normalize.ts';

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const lakeTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');

/**
 * The CloudTrail Lake query: Docket's filter pushed down as SQL, so only the events it keeps
 * (writes, console sign-ins, break-glass role assumptions) and those without readOnly leave AWS.
 */
export function lakeQuery(
  eventDataStore: string,
  start: string,
  end: string,
  breakGlassRoles: readonly string[],
): string {
  if (!/^[A-Za-z0-9:/._-]+$/.test(eventDataStore))
    throw new Error(
      `aws.lake_event_data_store: ${JSON.stringify(eventDataStore)} is not an event ` +
        `data store id or ARN`,
    );
  const assume = breakGlassRoles.length
    ? ` OR (eventName LIKE 'AssumeRole%' AND element_at(requestParameters, 'roleArn') ` +
      `IN (${breakGlassRoles.map(quote).join(', ')}))`
    : '';
  return [
    'SELECT eventID, eventTime, eventSource, eventName, eventType, awsRegion, recipientAccountId, ' +
      'readOnly, sourceIPAddress, userAgent, errorCode, sessionCredentialFromConsole,',
    '  userIdentity.type AS identityType, userIdentity.arn AS identityArn, userIdentity.accountId ' +
      'AS identityAccount, userIdentity.invokedBy AS invokedBy,',
    '  userIdentity.sessioncontext.sessionissuer.arn AS issuerArn,',
    "  element_at(requestParameters, 'roleArn') AS roleArn, element_at(requestParameters, " +
      "'roleSessionName') AS roleSessionName, element_at(requestParameters, 'durationSeconds') " +
      'AS durationSeconds,',
    // A failed console sign-in has no errorCode, only responseElements.ConsoleLogin "Failure".
    "  element_at(responseElements, 'ConsoleLogin') AS consoleLogin,",
    // Result cells are strings: the resources array comes back as JSON text, one {arn, type} object each.
    "  json_format(CAST(transform(resources, r -> MAP(ARRAY['arn', 'type'], ARRAY[r.arn, " +
      'r.type])) AS JSON)) AS resources',
    `FROM ${eventDataStore.split('/').at(-1)}`,
    `WHERE eventTime >= ${quote(lakeTime(start))} AND eventTime < ${quote(lakeTime(end))}`,
    // readOnly is optional (since eventVersion 1.01): records without it come too, and Docket
    // infers read or write from their API name as it does for log files.
    `  AND (readOnly = false OR readOnly IS NULL OR eventName = 'ConsoleLogin'${assume})`,
    'ORDER BY eventTime, eventID',
  ].join('\n');
}

/** A Lake result row (a list of one-key maps, every value a string) as a CloudTrail record. */
export function lakeRowToRecord(row: Record<string, string>[]): RawCloudTrailRecord {
  const v: Record<string, string> = Object.assign({}, ...row);
  const opt = (k: string) =>
    v[k] === undefined || v[k] === '' || v[k] === 'null' ? undefined : v[k];
  const time = opt('eventTime');
  const record: RawCloudTrailRecord = {
    eventID: opt('eventID'),
    eventTime: time ? `${time.replace(' ', 'T')}${time.endsWith('Z') ? '' : 'Z'}` : undefined,
    eventSource: opt('eventSource'),
    eventName: opt('eventName'),
    eventType: opt('eventType'),
    awsRegion: opt('awsRegion'),
    recipientAccountId: opt('recipientAccountId'),
    sourceIPAddress: opt('sourceIPAddress'),
    userAgent: opt('userAgent'),
    errorCode: opt('errorCode'),
    sessionCredentialFromConsole: opt('sessionCredentialFromConsole'),
    userIdentity: {
      type: opt('identityType'),
      arn: opt('identityArn'),
      accountId: opt('identityAccount'),
      invokedBy: opt('invokedBy'),
      sessionContext: { sessionIssuer: { arn: opt('issuerArn') } },
    },
  };
  if (opt('readOnly') !== undefined) record.readOnly = opt('readOnly') === 'true';
  const consoleLogin = opt('consoleLogin');
  if (consoleLogin !== undefined) record.responseElements = { ConsoleLogin: consoleLogin };
  const resources = opt('resources');
  if (resources !== undefined)
    record.resources = lakeResources(resources) as RawCloudTrailRecord['resources'];
  if (opt('roleArn')) {
    const duration = Number(opt('durationSeconds'));
    record.requestParameters = {
      roleArn: opt('roleArn') as string,
      roleSessionName: opt('roleSessionName') as string,
      ...(Number.isFinite(duration) && duration > 0 && { durationSeconds: duration }),
    };
  }
  return record;
}

/**
 * The `resources` cell: a JSON array of {arn, type} objects, as delivered log files give
 * [{ARN, type}]. Anything else is passed on as it is, for normalizeRecord to report by field.
 */
function lakeResources(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (!Array.isArray(parsed)) return parsed;
  return parsed.map((x: unknown) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return x;
    const r = x as Record<string, unknown>;
    return { ...(r.arn != null && { ARN: r.arn }), ...(r.type != null && { type: r.type }) };
  });
}

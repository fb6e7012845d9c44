// How Docket reads a CloudTrail record's marks: read or write when AWS left readOnly out, the
// AWS Management Console, and an AWS service acting for itself. Each rule cites AWS's CloudTrail
// user guide ("CloudTrail record contents" and "userIdentity element").

/**
 * The verbs AWS's API naming uses for calls that only read (Get*, List*, Describe*, Head*,
 * Lookup*, BatchGet*). A name is read-only when it starts with one of them followed by an
 * upper-case letter or nothing (`GetObject`, `Head`), so `Getaway` or `Listen` are not reads.
 */
const READ_VERBS = /^(?:Get|List|Describe|Head|Lookup|BatchGet)(?:[A-Z0-9]|$)/;

/**
 * readOnly as AWS's API naming implies it, for records without the field (it is optional since
 * eventVersion 1.01: older trails and some services leave it out). Anything not named as a read is
 * taken for a write, so a change is never lost. The name is trimmed first: AWS's own examples carry
 * a stray space ("SendSSHPublicKey ").
 */
export function inferReadOnly(eventName: string): boolean {
  return READ_VERBS.test(eventName.trim());
}

/**
 * The hosts AWS documents for the AWS Management Console: signin.amazonaws.com (an IAM user in
 * the console) and console.amazonaws.com (the root user), with regional or service forms such as
 * console.ec2.amazonaws.com or us-east-1.signin.amazonaws.com.
 */
const CONSOLE_HOST = /^(?:[a-z0-9-]+\.)?(?:console|signin)\.(?:[a-z0-9-]+\.)?amazonaws\.com$/i;

/**
 * User agents the consoles' back ends send (AWS's log file examples: "AWSConsole",
 * "EC2ConsoleBackend, aws-sdk-java/…", "[S3Console/0.4, aws-internal/3 …]"): a name ending in
 * Console or ConsoleBackend at the start of the agent, alone or before a version, comma or space.
 */
const CONSOLE_AGENT = /^\[?[A-Za-z0-9]*Console(?:Backend)?(?=$|[/, \]])/;

/** Console sign-in and console action events, in any case (AWS's IAM guide writes "AwsConsoleSignin"). */
const CONSOLE_EVENT_TYPES = new Set(['awsconsolesignin', 'awsconsoleaction']);

export function isConsoleHost(value: string | null): boolean {
  // Cheap test first: most values are user agents or addresses, not amazonaws.com hosts.
  return value !== null && value.includes('amazonaws.com') && CONSOLE_HOST.test(value.trim());
}

/** What decides whether a call came from the console. */
export interface ConsoleMarks {
  eventType: string | null;
  eventSource: string | null;
  userAgent: string | null;
  sourceIp: string | null;
  invokedBy: string | null;
  fromConsole: unknown;
}

/**
 * Whether the call came from the AWS Management Console: sessionCredentialFromConsole (AWS's
 * documented mark), a console sign-in or console action event (eventType AwsConsoleSignIn or
 * AwsConsoleAction, or the sign-in service as the event source), a console host as user agent,
 * invokedBy or source address, or a console back end's user agent. A browser user agent alone is
 * not proof (scripts send one too), and neither is "AWS Internal".
 */
export function isConsole(m: ConsoleMarks): boolean {
  return (
    m.fromConsole === true ||
    m.fromConsole === 'true' ||
    CONSOLE_EVENT_TYPES.has(m.eventType?.toLowerCase() ?? '') ||
    (m.eventSource !== null && m.eventSource.toLowerCase() === 'signin.amazonaws.com') ||
    isConsoleHost(m.userAgent) ||
    isConsoleHost(m.invokedBy) ||
    isConsoleHost(m.sourceIp) ||
    (m.userAgent !== null && m.userAgent.includes('Console') && CONSOLE_AGENT.test(m.userAgent))
  );
}

/** What marks a call as made by an AWS service. */
export interface ServiceMarks {
  eventType: string | null;
  principalType: string | null;
  invokedBy: string | null;
  roleArn: string | null;
}

/**
 * Whether the record carries a mark of an AWS service making the call: userIdentity.type
 * AWSService, a session of a service-linked role (AWS creates them under /aws-service-role/), an
 * invokedBy naming a service (any value but a console host, "AWS Internal" included: AWS documents
 * invokedBy as "the name of the AWS service that made the request"), or a service event
 * (eventType AwsServiceEvent, "the service generated an event").
 */
export function hasServiceMark(m: ServiceMarks): boolean {
  return (
    m.principalType === 'AWSService' ||
    m.eventType === 'AwsServiceEvent' ||
    (m.roleArn ?? '').includes(':role/aws-service-role/') ||
    (m.invokedBy !== null && m.invokedBy.trim() !== '' && !isConsoleHost(m.invokedBy))
  );
}

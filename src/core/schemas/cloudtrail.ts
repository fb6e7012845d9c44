import { z } from 'zod';

export const CloudTrailPrincipal = z.strictObject({
  /** userIdentity.type: Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount, … */
  type: z.string(),
  arn: z.string().nullable(),
  account_id: z.string().nullable(),
  /** For an assumed-role session, the role behind it (sessionContext.sessionIssuer.arn). */
  role_arn: z.string().nullable(),
  /** For an assumed-role session, its name (the last part of the assumed-role ARN). */
  session_name: z.string().nullable(),
  /** The AWS service that acted on the principal's behalf (userIdentity.invokedBy). */
  invoked_by: z.string().nullable(),
});
export type CloudTrailPrincipal = z.infer<typeof CloudTrailPrincipal>;

/**
 * One CloudTrail event Docket keeps: writes, console sign-ins, and assumptions of break-glass
 * roles. `evidence/cloudtrail/<account>/<YYYY-MM>.ndjson`, sorted by (time, event_id).
 */
export const CloudTrailEvent = z.strictObject({
  /** AWS's eventID; for a record without one (eventVersion 1.0), `sha256-` and its hash. */
  event_id: z.string(),
  /** Present (true) when AWS wrote no eventID and `event_id` was derived from the record. */
  event_id_derived: z.literal(true).optional(),
  /** The event's time, a real UTC instant (2026-06-14T02:14:05.000Z); the collector rejects others. */
  time: z.string(),
  account: z.string(),
  region: z.string(),
  source: z.string(),
  name: z.string(),
  /** AwsApiCall, AwsConsoleSignIn, AwsServiceEvent, … */
  event_type: z.string().nullable(),
  /** AWS's readOnly; when the record has none, inferred from the API name (see below). */
  read_only: z.boolean().nullable(),
  /**
   * Present (true) when AWS wrote no readOnly (it is optional since eventVersion 1.01) and
   * read_only was inferred from the API name: Get*, List*, Describe*, Head*, Lookup*, BatchGet*
   * read, anything else a write.
   */
  read_only_inferred: z.literal(true).optional(),
  principal: CloudTrailPrincipal,
  /**
   * Made from the AWS Management Console: sessionCredentialFromConsole "true" (AWS's documented
   * mark), a console sign-in or console action event, a console host (signin.amazonaws.com,
   * console.amazonaws.com, console.<service>…) as user agent, invokedBy or source address, or a
   * console back end's user agent (AWSConsole, EC2ConsoleBackend, S3Console). A browser user agent
   * or "AWS Internal" alone is not (core/cloudtrail/classify.ts).
   */
  console: z.boolean(),
  source_ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  resources: z.array(z.strictObject({ arn: z.string().nullable(), type: z.string().nullable() })),
  /** errorCode (an empty one is no error); "Failure" for a failed console sign-in. */
  error_code: z.string().nullable(),
  /** For AssumeRole: the role assumed, the session name given and when the credentials expire. */
  assumed_role: z
    .strictObject({
      role_arn: z.string(),
      session_name: z.string().nullable(),
      expires_at: z.string().nullable(),
    })
    .nullable(),
});
export type CloudTrailEvent = z.infer<typeof CloudTrailEvent>;

export interface CloudTrailEvidence {
  events: CloudTrailEvent[];
}

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';

/** The CloudTrail client for a region (undefined: the SDK's default region). */
export type CloudTrailClientFor = (region: string | undefined) => CloudTrailClient;

/**
 * The clients `docket collect` makes: the SDK's default credential chain and endpoint
 * (AWS_ENDPOINT_URL_CLOUDTRAIL), with the SDK's own retries. Made only when a region is read,
 * so collecting delivered log files makes none.
 */
export const sdkCloudTrailClient: CloudTrailClientFor = (region) =>
  new CloudTrailClient({ ...(region && { region }), maxAttempts: 10 });

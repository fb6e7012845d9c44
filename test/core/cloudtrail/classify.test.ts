import { describe, expect, it } from 'vitest';
import { hasServiceMark, inferReadOnly, isConsole } from '../../../src/core/cloudtrail/classify.ts';

const marks = {
  eventType: 'AwsApiCall',
  eventSource: 'iam.amazonaws.com',
  userAgent: 'aws-cli/2.17.0',
  sourceIp: '198.51.100.7',
  invokedBy: null,
  fromConsole: undefined,
};

describe('inferReadOnly', () => {
  it('reads AWS API names: Get, List, Describe, Head, Lookup and BatchGet read; the rest write', () => {
    for (const read of [
      'GetObject',
      'ListBuckets',
      'DescribeInstances',
      'HeadBucket',
      'LookupEvents',
      'BatchGetImage',
      'Get',
    ])
      expect(inferReadOnly(read), read).toBe(true);
    for (const write of [
      'PutBucketAcl',
      'DeleteBucket',
      'CreateSecurityGroup',
      'PutImage',
      'BatchDeleteImage',
      'ConsoleLogin',
      'Getaway',
      'Listen',
      'Headquarters',
    ])
      expect(inferReadOnly(write), write).toBe(false);
  });

  it('ignores the stray space of AWS’s own example ("SendSSHPublicKey ")', () => {
    expect(inferReadOnly(' GetUser ')).toBe(true);
    expect(inferReadOnly('SendSSHPublicKey ')).toBe(false);
  });
});

describe('isConsole and hasServiceMark', () => {
  it('an IAM user’s console session (invokedBy signin.amazonaws.com) is the console, not a service', () => {
    const signin = {
      ...marks,
      userAgent: 'signin.amazonaws.com',
      invokedBy: 'signin.amazonaws.com',
    };
    expect(isConsole(signin)).toBe(true);
    expect(
      hasServiceMark({
        eventType: 'AwsApiCall',
        principalType: 'IAMUser',
        invokedBy: signin.invokedBy,
        roleArn: null,
      }),
    ).toBe(false);
  });

  it('console back ends’ user agents count; a browser user agent or AWS Internal alone does not', () => {
    expect(isConsole({ ...marks, userAgent: 'AWSConsole' })).toBe(true);
    expect(isConsole({ ...marks, userAgent: 'EC2ConsoleBackend, aws-sdk-java/1.0' })).toBe(true);
    expect(isConsole({ ...marks, userAgent: '[S3Console/0.4, aws-internal/3]' })).toBe(true);
    expect(isConsole({ ...marks, userAgent: 'Mozilla/5.0 (Macintosh)' })).toBe(false);
    expect(isConsole({ ...marks, userAgent: 'AWS Internal', sourceIp: 'AWS Internal' })).toBe(
      false,
    );
    expect(isConsole({ ...marks, userAgent: 'MyConsoleApp/1.0' })).toBe(false);
  });

  it('a service mark: AWSService, a service-linked role, a service invokedBy, a service event', () => {
    const none = {
      eventType: 'AwsApiCall',
      principalType: 'AssumedRole',
      invokedBy: null,
      roleArn: null,
    };
    expect(hasServiceMark(none)).toBe(false);
    expect(hasServiceMark({ ...none, principalType: 'AWSService' })).toBe(true);
    expect(hasServiceMark({ ...none, eventType: 'AwsServiceEvent' })).toBe(true);
    expect(hasServiceMark({ ...none, invokedBy: 'cloudformation.amazonaws.com' })).toBe(true);
    expect(hasServiceMark({ ...none, invokedBy: 'AWS Internal' })).toBe(true);
    expect(hasServiceMark({ ...none, invokedBy: 'console.amazonaws.com' })).toBe(false);
    expect(
      hasServiceMark({
        ...none,
        roleArn: 'arn:aws:iam::1:role/aws-service-role/autoscaling.amazonaws.com/X',
      }),
    ).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { siteBuildEnv } from '../../src/cli/site-build-env.ts';

describe('the site build environment', () => {
  it("keeps what Node and Astro need and none of the collectors' credentials", () => {
    const env = siteBuildEnv({
      PATH: '/usr/bin',
      HOME: '/home/ci',
      LANG: 'C.UTF-8',
      GITHUB_GRAPHQL_URL: 'https://ghe.acme/api/graphql',
      GITHUB_TOKEN: 't',
      GH_TOKEN: 't',
      AWS_ACCESS_KEY_ID: 'k',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_PROFILE: 'prod',
      NPM_TOKEN: 't',
      SLACK_WEBHOOK_SECRET: 's',
      API_KEY: 'k',
      db_password: 'p',
      SIGNING_KEY_PATH: 'p',
      HTTPS_PROXY: 'http://user:pw@proxy:3128',
      KEYBOARD: 'us',
      NODE_ENV: 'test',
      VITEST_POOL_ID: '1',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/ci',
      LANG: 'C.UTF-8',
      GITHUB_GRAPHQL_URL: 'https://ghe.acme/api/graphql',
      KEYBOARD: 'us',
      ASTRO_TELEMETRY_DISABLED: '1',
    });
  });
});

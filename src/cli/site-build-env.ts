// The environment the site build runs in. Content code (an MDX expression, `import.meta.env`)
// is evaluated there, so it gets none of the collectors' credentials: a document that writes
// `{process.env.GITHUB_TOKEN}` publishes nothing.

/** Names that hold credentials: the AWS SDK's, GitHub's, and any *_TOKEN, *_SECRET, *_KEY… */
const SECRET_NAME =
  /^(AWS_|GITHUB_TOKEN$|GH_TOKEN$)|(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIALS?)(_|$)/i;
/** A value that carries credentials in a URL (`https://user:password@host`). */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^/\s@]+@/i;
/** Variables a parent Vite (vitest, an outer build) sets, which would override the site's own. */
const VITE_ENV = new Set(['NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'TEST']);

/** Whether a variable stays out of the site build: a credential, or a parent Vite's own. */
export function withheldFromSite(name: string, value: string): boolean {
  return (
    SECRET_NAME.test(name) ||
    URL_CREDENTIALS.test(value) ||
    VITE_ENV.has(name) ||
    name.startsWith('VITEST')
  );
}

/** The environment of the site build: the parent's, without credentials or Vite's variables. */
export function siteBuildEnv(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && !withheldFromSite(name, value)) kept[name] = value;
  kept.ASTRO_TELEMETRY_DISABLED = '1';
  return kept;
}

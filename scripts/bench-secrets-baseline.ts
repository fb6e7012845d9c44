/**
 * The hand-kept patterns secrets.ts replaced (once src/evidence/redact.ts): the baseline that
 * scripts/bench-secrets.ts measures secrets.ts against. Docket itself no longer uses them.
 *
 * Token shapes that must never reach the evidence store, the site or logs, even when someone
 * pastes one into a PR body or a CloudTrail field carries one.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g, 'github-token'],
  [/\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g, 'github-token'],
  [/\bv1\.[0-9a-f]{40}\b/g, 'github-token'],
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, 'aws-access-key-id'],
  // Field names in any case: env files say AWS_SECRET_ACCESS_KEY, SDK JSON says SecretAccessKey.
  [
    /((?:aws_?)?secret_?access_?key)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/gi,
    'aws-secret-access-key',
  ],
  [/((?:aws_?)?session_?token)(["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{100,}/gi, 'aws-session-token'],
  [/\b(bearer|token)\s+[A-Za-z0-9\-._~+/]{20,}=*/gi, 'bearer'],
  [/(authorization["']?\s*[:=]\s*["']?basic)\s+[A-Za-z0-9+/]{8,}=*/gi, 'basic-auth'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, 'private-key'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, kind] of SECRET_PATTERNS) {
    out = out.replace(pattern, (match: string, ...groups: unknown[]) => {
      // Patterns that capture a field name keep it, so the record still says which field held it.
      if (
        typeof groups[0] === 'string' &&
        typeof groups[1] === 'string' &&
        kind.startsWith('aws-s')
      )
        return `${groups[0]}${groups[1]}[REDACTED:${kind}]`;
      if (kind === 'bearer') return `${match.split(/\s+/, 1)[0]} [REDACTED:${kind}]`;
      if (kind === 'basic-auth') return `${groups[0] as string} [REDACTED:${kind}]`;
      return `[REDACTED:${kind}]`;
    });
  }
  return out;
}

/** Redacts every string inside a JSON-like value (keys included), returning a new value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redactSecrets(k), redactDeep(v)]),
    ) as T;
  }
  return value;
}

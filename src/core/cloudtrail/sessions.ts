import { inPeriod } from '../dates.ts';
import { derived, type Model } from '../model.ts';
import { hasServiceMark } from './classify.ts';
import type { CloudTrailEvent } from '../schemas/cloudtrail.ts';

/** A break-glass session: an AssumeRole into a break-glass role, and what was done under it. */
export interface BreakGlassSession {
  event: CloudTrailEvent;
  role_arn: string;
  session_name: string | null;
  start: string;
  end: string;
  /** Who assumed the role. */
  by: string | null;
  changes: CloudTrailEvent[];
}

const environments = new WeakMap<Model['config'], ReadonlyMap<string, string>>();

/** The environment the config gives an account, or null (a map: this runs for every event). */
export function accountEnvironment(model: Model, account: string): string | null {
  let byAccount = environments.get(model.config);
  if (!byAccount)
    environments.set(
      model.config,
      (byAccount = new Map(
        Object.entries(model.config.aws?.accounts ?? {}).map(([id, a]) => [id, a.environment]),
      )),
    );
  return byAccount.get(account) ?? null;
}

// Keyed by the events (models are often copies sharing them), for the same config and period.
const sessionsOf = new WeakMap<
  readonly CloudTrailEvent[],
  { config: Model['config']; period: Model['period']; sessions: BreakGlassSession[] }
>();

/**
 * Every break-glass session in the audit period with the write events made under it (computed
 * once for the same events: several rules ask).
 */
export function breakGlassSessions(model: Model): BreakGlassSession[] {
  const events = model.evidence.cloudtrail?.events ?? [];
  const known = sessionsOf.get(events);
  if (known && known.config === model.config && known.period === model.period)
    return known.sessions;
  const roles = new Set(model.config.aws?.break_glass_roles ?? []);
  const sessions: BreakGlassSession[] = events
    .filter(
      (e) =>
        e.assumed_role !== null &&
        roles.has(e.assumed_role.role_arn) &&
        e.error_code === null &&
        inPeriod(e.time, model.period),
    )
    .map((e) => ({
      event: e,
      role_arn: (e.assumed_role as NonNullable<CloudTrailEvent['assumed_role']>).role_arn,
      session_name: e.assumed_role?.session_name ?? null,
      start: e.time,
      end: e.assumed_role?.expires_at ?? e.time,
      by: e.principal.arn,
      changes: [],
    }));
  if (sessions.length > 0)
    for (const e of events) {
      // Only an event made under a break-glass role can be made in a session.
      if (e.principal.role_arn === null || !roles.has(e.principal.role_arn)) continue;
      const s = sessionOf(sessions, e);
      if (s && isChange(e) && e !== s.event) s.changes.push(e);
    }
  sessionsOf.set(events, { config: model.config, period: model.period, sessions });
  return sessions;
}

/** The session an event was made in: same role and session name, inside its lifetime. */
export function sessionOf(
  sessions: readonly BreakGlassSession[],
  e: CloudTrailEvent,
): BreakGlassSession | undefined {
  if (e.principal.role_arn === null) return undefined;
  return sessions.find(
    (s) =>
      s.role_arn === e.principal.role_arn &&
      (s.session_name === null || s.session_name === e.principal.session_name) &&
      e.time >= s.start &&
      e.time <= s.end,
  );
}

/**
 * Whether an AWS service acted for itself rather than a person: a service mark (type AWSService,
 * a service-linked role, an invokedBy naming a service other than the console, a service event)
 * on a call that did not come from the console. Console marks win: an IAM user's console session
 * carries invokedBy signin.amazonaws.com, and a console call relayed by a service is still the
 * signed-in person's.
 */
export function isServicePrincipal(e: CloudTrailEvent): boolean {
  return !e.console && serviceMarked(e);
}

/** Whether the event carries a mark of an AWS service making the call (console or not). */
export function serviceMarked(e: CloudTrailEvent): boolean {
  return hasServiceMark({
    eventType: e.event_type,
    principalType: e.principal.type,
    invokedBy: e.principal.invoked_by,
    roleArn: e.principal.role_arn,
  });
}

/** Whether an event changed something: a successful write, not a sign-in (which CloudTrail also marks readOnly: false). */
export function isChange(e: CloudTrailEvent): boolean {
  return (
    e.read_only === false &&
    e.error_code === null &&
    e.event_type !== 'AwsConsoleSignIn' &&
    e.source !== 'signin.amazonaws.com'
  );
}

/** Changes in production accounts in the audit period (computed once per model). */
export function productionWrites(model: Model): CloudTrailEvent[] {
  return derived(model, 'production-writes', () =>
    (model.evidence.cloudtrail?.events ?? []).filter(
      (e) =>
        isChange(e) &&
        accountEnvironment(model, e.account) === 'production' &&
        inPeriod(e.time, model.period),
    ),
  );
}

export type PrincipalKind = 'ci' | 'break-glass' | 'console' | 'service' | 'human';

const ciPrincipals = new WeakMap<Model['config'], ReadonlySet<string>>();

/** How a production change was made, for per-account pages and the rules. */
export function principalKind(
  model: Model,
  e: CloudTrailEvent,
  sessions: readonly BreakGlassSession[],
): PrincipalKind {
  let ci = ciPrincipals.get(model.config);
  if (!ci) ciPrincipals.set(model.config, (ci = new Set(model.config.aws?.ci_principals ?? [])));
  if (sessionOf(sessions, e)) return 'break-glass';
  if (isServicePrincipal(e)) return 'service';
  if (
    (e.principal.role_arn && ci.has(e.principal.role_arn)) ||
    (e.principal.arn && ci.has(e.principal.arn))
  )
    return 'ci';
  if (e.console) return 'console';
  return 'human';
}

export function cloudSubject(e: CloudTrailEvent): string {
  return `cloudtrail:${e.event_id}`;
}

import type { z } from 'zod';
import type { Control } from './content/load.ts';
import type { Model } from './model.ts';
import type { PullRequestRecord } from './schemas/github.ts';
import type { Severity, Source } from './schemas/common.ts';

/** What a rule returns for each gap; the engine adds the id, rule, control and default severity. */
export interface GapDraft {
  /** What the gap is about: doc:<path>, control:<ID>, github:<owner>/<repo>#<n>, cloudtrail:<eventID>, deploy:<owner>/<repo>@<id>. */
  subject: string;
  title: string;
  evidence?: string[];
  severity?: Severity;
  /** Distinguishes several gaps of one rule about one subject (kept out of the subject for readability). */
  key?: string;
  /** For content rules: the control the gap belongs to, if any. Check rules always get their control. */
  control?: string | null;
  details?: Record<string, unknown>;
}

export interface RuleContext<P> {
  model: Model;
  params: P;
  /** The control whose check runs the rule; null for content rules. */
  control: Control | null;
}

/** Evidence a rule reads from a source other than its own, given as a function of its check. */
export interface CrossSourceReads<P> {
  /** Every GitHub pull request it may look at, across all repositories. */
  pullRequests?(ctx: RuleContext<P>): PullRequestRecord[];
}

export interface Rule<S extends z.ZodType = z.ZodType> {
  id: string;
  /** One line for tables and issue titles. */
  title: string;
  /** What the rule checks and why, for the README, the site and gap issues. */
  description: string;
  /** Default severity of its gaps. */
  severity: Severity;
  /** `content` rules run once over all content; `check` rules run for each control check naming them. */
  kind: 'content' | 'check';
  /** The evidence source a check rule reads; a control checking it before that source is collected gets control-no-evidence. */
  source?: Source;
  /**
   * The population kind (src/core/populations/) whose items this check tests. A control's page
   * lists each kind's items in the period with pass/gap status, from the gaps this rule reports
   * on the same subjects.
   */
  population?: string;
  /**
   * What it reads besides the content, the config and its own `source`'s evidence; it may be
   * given only that. A `github` rule that declares nothing here must find each gap from one
   * repository's records alone: the check runs it on a few repositories at a time.
   */
  reads?: CrossSourceReads<z.infer<S>>;
  /** The check parameters it accepts, with their defaults. */
  params: S;
  /** How to resolve a gap, or accept it, for the GitHub issue body. */
  remedy: string;
  run(ctx: RuleContext<z.infer<S>>): GapDraft[];
}

/** Keeps each rule file's parameter type inferred from its schema. */
export function defineRule<S extends z.ZodType>(rule: Rule<S>): Rule<S> {
  return rule;
}

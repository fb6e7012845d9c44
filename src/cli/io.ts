/** The process edges a command may use, passed in so tests can run commands in-process. */
export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress output is shown only then). */
  isTTY: boolean;
  /** Today's date in UTC, the default `--as-of`. The only clock the check reads. */
  today: () => string;
  /** The current instant, for collection timestamps. */
  now: () => Date;
}

export function processIO(): CliIO {
  // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the clock, so a rerun gives the same bytes.
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const pinned = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : null;
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    today: () => (pinned ?? new Date()).toISOString().slice(0, 10),
    now: () => pinned ?? new Date(),
  };
}

// A failure the user can fix: printed without a stack trace, exit code 2. Defined in core, where
// the check engine throws it too.
export { UsageError } from '../core/problems.ts';

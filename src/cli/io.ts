/** The process edges a command may use, passed in so tests can run commands in-process. */
export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Messages and reports; `main` strips control characters from them (see printable). */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Data asked for on standard output (`--out -`), written byte for byte. */
  data: (text: string) => void;
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
    data: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    today: () => (pinned ?? new Date()).toISOString().slice(0, 10),
    now: () => pinned ?? new Date(),
  };
}

// A failure the user can fix: printed without a stack trace, exit code 2. Defined in core, where
// the check engine throws it too.
export { UsageError } from '../core/problems.ts';

/** Erases the terminal's current line: progress output starts with it (and only that may). */
export const CLEAR_LINE = '\r\x1b[K';

// C0 controls but tab and newline, DEL, and C1 controls (U+009B is a one-character CSI).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Text safe for a terminal: file names, PR titles and event fields reach messages, and an escape
 * sequence in one must not move the cursor, retitle the window or hide what follows. Each control
 * character is shown as its escape (`\x1b`) instead.
 */
export function printable(text: string): string {
  const body = text.startsWith(CLEAR_LINE) ? text.slice(CLEAR_LINE.length) : text;
  const safe = body.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return body === text ? safe : CLEAR_LINE + safe;
}

import {
  describeHolder,
  DEFAULT_LOCK_WAIT_MS,
  StoreLockedError,
  withStoreLock,
} from '../evidence/lock.ts';
import type { OptionSpec, OptionValues } from './command.ts';
import { UsageError, type CliIO } from './io.ts';

/** The option of every command that writes the evidence store. */
export const LOCK_OPTIONS: OptionSpec = { 'lock-wait': { type: 'string' } };

export const LOCK_HELP = `  --lock-wait SECONDS  how long to wait while another writer holds the evidence store's lock
                     (default ${DEFAULT_LOCK_WAIT_MS / 1000}; 0 refuses at once)`;

/**
 * Runs a command's writes holding the evidence store's lock: a second writer waits up to
 * --lock-wait seconds, saying whom it waits for, then is refused (exit 1) with a message naming
 * the holder.
 */
export async function withWriterLock(
  dir: string,
  values: OptionValues,
  io: CliIO,
  command: string,
  fn: () => Promise<number>,
): Promise<number> {
  const raw = values['lock-wait'];
  let waitMs = DEFAULT_LOCK_WAIT_MS;
  if (typeof raw === 'string') {
    if (!/^\d+(\.\d+)?$/.test(raw))
      throw new UsageError(`--lock-wait: ${JSON.stringify(raw)} is not a number of seconds`);
    waitMs = Number(raw) * 1000;
  }
  try {
    return await withStoreLock(
      dir,
      {
        command,
        waitMs,
        onWait: (holder) =>
          io.stderr(
            `docket ${command}: waiting up to ${waitMs / 1000} s for the evidence store's ` +
              `lock (${describeHolder(holder)})\n`,
          ),
      },
      fn,
    );
  } catch (err) {
    if (!(err instanceof StoreLockedError)) throw err;
    io.stderr(`docket ${command}: ${err.message}\n`);
    return 1;
  }
}

import { redactText } from '../evidence/secrets.ts';
import type { CliIO } from './io.ts';

/**
 * What a command prints, with every secret redacted by the store's rule set (src/evidence/
 * secrets.ts): collectors' log and error messages quote URLs (GITHUB_GRAPHQL_URL with
 * `user:password@`), answers and file contents. Writes keep their order; `flush` waits for them.
 */
export function redactedOutput(io: CliIO): {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  flush: () => Promise<void>;
} {
  let queue: Promise<void> = Promise.resolve();
  const put = (write: (t: string) => void, text: string) => {
    queue = queue.then(async () => write((await redactText(text)).text));
  };
  return {
    stdout: (text) => put((t) => io.stdout(t), text),
    stderr: (text) => put((t) => io.stderr(t), text),
    flush: () => queue,
  };
}

/** An error's message with its secrets redacted (the same error, so its type is kept). */
export async function redactError(err: unknown): Promise<unknown> {
  if (err instanceof Error) err.message = (await redactText(err.message)).text;
  return err;
}

import { mkdtemp, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docket CLI in-process with captured output. */
export async function runCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; today?: string; now?: Date; isTTY?: boolean },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd: opts.cwd,
    env: opts.env ?? {},
    stdout: (t) => {
      stdout += t;
    },
    data: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: opts.isTTY ?? false,
    today: () => opts.today ?? '2026-11-22',
    now: () => opts.now ?? new Date('2026-11-22T12:00:00Z'),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A fresh temporary folder, optionally seeded with a copy of a fixture folder. */
export async function tempDir(fixture?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docket-test-'));
  if (fixture) await cp(fixture, dir, { recursive: true });
  return dir;
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

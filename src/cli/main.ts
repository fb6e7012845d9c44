import { parseArgs } from 'node:util';
import { formatProblem, InputError } from '../core/problems.ts';
import type { Command } from './command.ts';
import { backlinks } from './commands/backlinks.ts';
import { build } from './commands/build.ts';
import { check } from './commands/check.ts';
import { collect } from './commands/collect.ts';
import { exportCommand } from './commands/export.ts';
import { sample } from './commands/sample.ts';
import { issues } from './commands/issues.ts';
import { serve } from './commands/serve.ts';
import { verify } from './commands/verify.ts';
import { UsageError, type CliIO } from './io.ts';

export const COMMANDS: readonly Command[] = [collect, check, build, serve, exportCommand, sample, issues, backlinks, verify];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `docket: compliance evidence from git, GitHub and cloud audit trails

Usage: docket <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`docket <command> --help\` for a command's options.
`;
}

/** Runs the CLI with the given arguments and returns the exit status. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`docket: unknown command ${JSON.stringify(name)}\n\n${overview()}`);
    return 2;
  }
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (parsed.values.help) {
      io.stdout(`Usage: ${command.usage}\n\n${command.help}\n`);
      return 0;
    }
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (err) {
    if (err instanceof InputError) {
      for (const p of err.problems) io.stderr(`${formatProblem(p)}\n`);
      io.stderr(`docket ${name}: ${err.problems.length} ${err.problems.length === 1 ? 'problem' : 'problems'}; nothing written\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`docket ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

import { parseArgs } from 'node:util';
import { formatProblem, InputError } from '../core/problems.ts';
import type { Command } from './command.ts';
import { printable, UsageError, type CliIO } from './io.ts';

// Each command is loaded when it runs: `docket check` need not load the collectors' SDKs or the site builder.
const LOADERS: readonly (readonly [string, () => Promise<Command>])[] = [
  ['init', async () => (await import('./commands/init.ts')).init],
  ['collect', async () => (await import('./commands/collect.ts')).collect],
  ['check', async () => (await import('./commands/check.ts')).check],
  ['build', async () => (await import('./commands/build.ts')).build],
  ['serve', async () => (await import('./commands/serve.ts')).serve],
  ['export', async () => (await import('./commands/export.ts')).exportCommand],
  ['sample', async () => (await import('./commands/sample.ts')).sample],
  ['issues', async () => (await import('./commands/issues.ts')).issues],
  ['backlinks', async () => (await import('./commands/backlinks.ts')).backlinks],
  ['verify', async () => (await import('./commands/verify.ts')).verify],
];

/** Every command, in the order `docket --help` lists them. */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(LOADERS.map(([, load]) => load()));
}

async function overview(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return `docket: compliance evidence from git, GitHub and cloud audit trails

Usage: docket <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`docket <command> --help\` for a command's options.
`;
}

/** Runs the CLI with the given arguments and returns the exit status. */
export async function main(argv: readonly string[], raw: CliIO): Promise<number> {
  const io: CliIO = {
    ...raw,
    stdout: (t) => raw.stdout(printable(t)),
    stderr: (t) => raw.stderr(printable(t)),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await overview());
    return name === undefined ? 2 : 0;
  }
  const load = LOADERS.find(([n]) => n === name)?.[1];
  if (!load) {
    io.stderr(`docket: unknown command ${JSON.stringify(name)}\n\n${await overview()}`);
    return 2;
  }
  const command = await load();
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...command.options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
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
      io.stderr(
        `docket ${name}: ${err.problems.length} ${err.problems.length === 1 ? 'problem' : 'problems'}; ` +
          `nothing written\n`,
      );
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`docket ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

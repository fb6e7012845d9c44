import { formatProblem } from '../../core/problems.ts';
import { IsoDate } from '../../core/schemas/common.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions, str } from '../command.ts';
import { CLEAR_LINE, UsageError } from '../io.ts';
import { redactedOutput, redactError } from '../redacted-output.ts';
import { SOURCES } from '../sources.ts';
import { LOCK_HELP, LOCK_OPTIONS, withWriterLock } from '../store-lock.ts';
import { auditPeriod, loadWorkspace } from '../workspace.ts';

export const collect: Command = {
  name: 'collect',
  summary: 'collect evidence from GitHub, CloudTrail and policy scans into the evidence store',
  usage: 'docket collect [--source NAME] [--since DATE] [--full] [--lock-wait SECONDS]',
  help: `Runs the collectors and updates the evidence store incrementally: each source keeps a
cursor in evidence/manifest.json and the next run fetches only what changed since. Every write
is atomic; a run that fails or is interrupted leaves the store as it was (or as far as it got,
source by source and repository by repository), and the next run resumes.

  --source NAME      only this source (${SOURCES.map((s) => s.name).join(', ')}); default: every configured one
  --since DATE       re-read everything changed since DATE (YYYY-MM-DD), whatever the cursors say
  --full             ignore the cursors and re-collect the whole audit period: every file of the
                     source is rewritten from what it reads (rebuilds a damaged store)
${LOCK_HELP}
${COMMON_HELP}

GitHub: GITHUB_TOKEN (required), GITHUB_GRAPHQL_URL (GitHub Enterprise Server; default
https://api.github.com/graphql). CloudTrail: delivered log files from aws.cloudtrail_dir, or
(aws.mode: lookup | lake) the AWS SDK's default credential chain, AWS_REGION / aws.regions and
AWS_ENDPOINT_URL_CLOUDTRAIL. SARIF: every *.sarif file under sarif_dir. A bad input file is
reported by name and skipped, the rest is collected, and the command exits 1.
Progress is shown on a terminal; the summary always.`,
  options: {
    ...COMMON_OPTIONS,
    source: { type: 'string' },
    since: { type: 'string' },
    full: { type: 'boolean' },
    ...LOCK_OPTIONS,
  },
  async run(values, _positionals, io) {
    const ws = await loadWorkspace(commonOptions(values), io);
    const name = str(values, 'source');
    const since = str(values, 'since');
    if (since !== undefined && !IsoDate.safeParse(since).success)
      throw new UsageError(`--since: ${JSON.stringify(since)} is not a date YYYY-MM-DD`);
    let selected = SOURCES.filter((s) => s.configured(ws));
    if (name !== undefined) {
      const source = SOURCES.find((s) => s.name === name);
      if (!source)
        throw new UsageError(
          `--source: unknown source ${JSON.stringify(name)} (known: ${SOURCES.map((s) => s.name).join(', ')})`,
        );
      if (!source.configured(ws))
        throw new UsageError(
          `--source ${name}: not configured in ${ws.configFile ?? 'docket.config.yaml'}`,
        );
      selected = [source];
    }
    if (selected.length === 0)
      throw new UsageError(
        'no evidence source is configured (github.repos, aws.cloudtrail_dir, sarif_dir ' +
          'in docket.config.yaml)',
      );
    const period = auditPeriod(ws.config, io.today());
    // Everything collect prints is redacted: messages quote URLs, answers and file contents.
    const out = redactedOutput(io);
    return withWriterLock(ws.evidenceDir, values, io, 'collect', async () => {
      try {
        return await collectAll();
      } finally {
        await out.flush();
      }
    });

    async function collectAll(): Promise<number> {
      let failed = 0;
      for (const source of selected) {
        const progress = io.isTTY ? (m: string) => out.stderr(`${CLEAR_LINE}${m}`) : null;
        try {
          const {
            line,
            problems,
            warnings = [],
          } = await source.collect({
            ws,
            io,
            period,
            since,
            full: values.full === true,
            log: (m) => out.stderr(`${io.isTTY ? CLEAR_LINE : ''}${m}\n`),
            progress,
          });
          if (io.isTTY) out.stderr(CLEAR_LINE);
          for (const p of problems) out.stderr(`${formatProblem(p)}\n`);
          for (const w of warnings) out.stderr(`warning: ${formatProblem(w)}\n`);
          if (problems.length) failed++;
          const noted = [
            problems.length &&
              `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`,
            warnings.length &&
              `${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}`,
          ].filter(Boolean);
          out.stdout(`${line}${noted.length ? ` (${noted.join(', ')})` : ''}\n`);
        } catch (err) {
          if (io.isTTY) out.stderr(CLEAR_LINE);
          if (!(err instanceof Error) || err.name === 'TypeError' || err.name === 'ReferenceError')
            throw await redactError(err);
          failed++;
          out.stderr(`docket collect: ${source.name}: ${err.message}\n`);
        }
      }
      return failed ? 1 : 0;
    }
  },
};

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../evidence/atomic-file.ts';
import { populationTable, toCsv, toJson } from '../../core/export.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions, str } from '../command.ts';
import { UsageError } from '../io.ts';
import { chosenPopulation } from '../control-populations.ts';
import { printControlPdf } from '../pdf.ts';
import { loadWorkspace, parseAsOf } from '../workspace.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: "export a control's population (CSV, JSON) or its evidence packet (PDF)",
  usage:
    'docket export --control ID --format csv|json|pdf [--population KIND] [--seed SEED] ' +
    '[--out FILE]',
  help: `Exports what an auditor takes away from a control:

  csv, json   the population of the audit period, the same rows as the control page's table
              and its download links (subject, time, title, status, url, gaps, and the kind's columns)
  pdf         the control page printed as an evidence packet (period, control, mappings,
              documents, population summary, gaps), through headless Chromium, from the site
              built by \`docket build\` (--site, default dist)

  --control ID       the control (e.g. OPS-01)
  --format F         csv, json or pdf
  --population KIND  csv/json: when the control has several populations
  --out FILE         where to write (default: standard output for csv/json, <id>.pdf for pdf)
  --site DIR         pdf: the built site (default: dist)
  --seed SEED        pdf: draw each population's sample with this seed and include it
  --as-of DATE       csv/json: as of this date (default: today, UTC)
${COMMON_HELP}

PDF needs Chromium: /usr/bin/chromium (Debian's chromium package), or set DOCKET_CHROMIUM.`,
  options: {
    ...COMMON_OPTIONS,
    control: { type: 'string' },
    format: { type: 'string' },
    population: { type: 'string' },
    out: { type: 'string' },
    site: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const controlId = str(values, 'control');
    const format = str(values, 'format');
    if (!controlId) throw new UsageError('--control ID is required');
    if (format !== 'csv' && format !== 'json' && format !== 'pdf')
      throw new UsageError('--format: csv, json or pdf');
    const out = str(values, 'out');
    if (format === 'pdf') {
      const site = resolve(io.cwd, str(values, 'site') ?? 'dist');
      if (!(await stat(resolve(site, 'index.html')).catch(() => null)))
        throw new UsageError(
          `${site} has no built site: run \`docket build\` first (or pass --site DIR)`,
        );
      const file = resolve(io.cwd, out ?? `${controlId.toLowerCase()}.pdf`);
      const bytes = await printControlPdf(
        site,
        controlId,
        file,
        io.env.DOCKET_CHROMIUM,
        str(values, 'seed'),
      );
      io.stderr(`docket export: wrote ${file} (${bytes} bytes)\n`);
      return 0;
    }
    const ws = await loadWorkspace(commonOptions(values), io);
    const { control, period, population } = await chosenPopulation(
      ws,
      parseAsOf(str(values, 'as-of'), io),
      controlId,
      str(values, 'population'),
    );
    const text =
      format === 'csv'
        ? toCsv(populationTable(population))
        : toJson(control.id, population, period);
    if (out === undefined || out === '-') io.data(text);
    else {
      await writeFileAtomic(resolve(io.cwd, out), text);
      io.stderr(`docket export: wrote ${population.items.length} rows to ${out}\n`);
    }
    return 0;
  },
};

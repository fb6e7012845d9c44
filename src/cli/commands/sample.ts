import { defaultSampleSize, drawSample, SAMPLE_METHOD } from '../../core/sample.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions, str } from '../command.ts';
import { UsageError } from '../io.ts';
import { chosenPopulation } from '../control-populations.ts';
import { loadWorkspace, parseAsOf } from '../workspace.ts';

export const sample: Command = {
  name: 'sample',
  summary: "draw a reproducible audit sample from a control's population",
  usage:
    'docket sample --control ID --seed SEED [--size N] [--population KIND] [--format text|json]',
  help: `Draws a sample from the items of a control's population in the audit period (e.g. its
merged pull requests), the same way the control's page on the site does: the same seed gives
the same items, here and in the browser.

  --control ID       the control (e.g. OPS-01)
  --seed SEED        any text; write it in the workpapers so the sample can be drawn again
  --size N           sample size (default: by the control's frequency: annual 1, quarterly 2,
                     monthly 2, weekly 5, daily 20, many times a day 25; never more than the population)
  --population KIND  when the control has several (e.g. merged-pull-requests)
  --format F         text (default) or json
  --as-of DATE       as of this date (default: today, UTC)
${COMMON_HELP}

${SAMPLE_METHOD}`,
  options: {
    ...COMMON_OPTIONS,
    control: { type: 'string' },
    seed: { type: 'string' },
    size: { type: 'string' },
    population: { type: 'string' },
    format: { type: 'string' },
    'as-of': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const controlId = str(values, 'control');
    const seed = str(values, 'seed');
    if (!controlId) throw new UsageError('--control ID is required');
    if (seed === undefined || seed === '')
      throw new UsageError('--seed is required: any text, recorded in the workpapers');
    const format = str(values, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format: text or json');
    const ws = await loadWorkspace(commonOptions(values), io);
    const { control, period, population } = await chosenPopulation(
      ws,
      parseAsOf(str(values, 'as-of'), io),
      controlId,
      str(values, 'population'),
    );
    const sizeText = str(values, 'size');
    const size =
      sizeText === undefined
        ? defaultSampleSize(control.frequency, population.items.length)
        : Number(sizeText);
    if (!Number.isInteger(size) || size < 1)
      throw new UsageError('--size: a whole number of at least 1');
    const positions = drawSample(population.items.length, size, seed);
    const items = positions.map((p) => ({
      position: p + 1,
      ...(population.items[p] as (typeof population.items)[number]),
    }));
    if (format === 'json') {
      io.stdout(
        `${JSON.stringify(
          {
            control: control.id,
            population: population.kind,
            period,
            seed,
            size: positions.length,
            population_size: population.items.length,
            method: SAMPLE_METHOD,
            items: items.map((i) => ({
              position: i.position,
              subject: i.subject,
              occurred_at: i.occurred_at,
              title: i.title,
              status: i.status,
              url: i.url ?? null,
            })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    io.stdout(
      `Sample of ${positions.length} from ${population.items.length} ${population.title.toLowerCase()} ` +
        `of ${control.id} ${control.title}, audit period ${period.start} to ${period.end}, ` +
        `seed "${seed}".\n`,
    );
    for (const [n, i] of items.entries())
      io.stdout(
        `${String(n + 1).padStart(3)}. #${i.position} ${i.subject}  ${i.occurred_at.slice(0, 10)} ` +
          ` ${i.status}  ${i.title}\n`,
      );
    io.stdout(`\n${SAMPLE_METHOD}\n`);
    return 0;
  },
};

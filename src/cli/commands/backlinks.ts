import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../evidence/atomic-file.ts';
import { applyBacklinks, renderBacklinks } from '../../core/backlinks.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions } from '../command.ts';
import { check } from '../../check/check.ts';
import { loadWorkspace } from '../workspace.ts';

export const backlinks: Command = {
  name: 'backlinks',
  summary: "print each control's backlinks, or write them into the control files",
  usage: 'docket backlinks [--write]',
  help: `Lists, for every control, the documents that reference it (by a link in the body or by
\`controls:\` in the frontmatter) with their ^[annotations]. With --write, replaces everything
below the "<!-- Backlinks auto-generated below -->" marker of each control file with that list
(appending the marker when a file lacks it). Running it again changes nothing.

  --write            write the backlinks into the control files
${COMMON_HELP}`,
  options: { ...COMMON_OPTIONS, write: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const ws = await loadWorkspace(commonOptions(values), io);
    const { model } = await check(ws, { asOf: io.today(), want: 'model' });
    if (!values.write) {
      for (const c of model.content.controls) {
        io.stdout(`${c.id} ${c.title}\n`);
        if (c.backlinks.length === 0) io.stdout('  (no documents)\n');
        for (const b of c.backlinks)
          io.stdout(`  ${b.document}${b.annotation ? ` ^[${b.annotation}]` : ''}\n`);
      }
      return 0;
    }
    let changed = 0;
    for (const c of model.content.controls) {
      const file = join(ws.contentDir, c.path);
      const before = await readFile(file, 'utf8');
      const after = applyBacklinks(before, c.path, renderBacklinks(c));
      if (after === before) continue;
      await writeFileAtomic(file, after);
      changed++;
      io.stdout(`updated ${c.path}\n`);
    }
    io.stderr(
      `docket backlinks: ${changed} of ${model.content.controls.length} control files updated\n`,
    );
    return 0;
  },
};

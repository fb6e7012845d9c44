import { verifyStore } from '../../evidence/verify.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions } from '../command.ts';
import { loadWorkspace } from '../workspace.ts';

export const verify: Command = {
  name: 'verify',
  summary: 're-hash the evidence store against its manifest',
  usage: 'docket verify',
  help: `Recomputes the sha256 of every file of the evidence store and the root hash over them, and
compares them with manifest.json. Prints each file that differs, is missing, or is not listed,
and exits 1 if any does. Evidence files without a manifest.json are a broken store (exit 1,
each named), not an empty one. An auditor can check the same with \`sha256sum\`: the root hash is the
sha256 of the lines \`<sha256>  <path>\` sorted by path.

${COMMON_HELP}`,
  options: { ...COMMON_OPTIONS },
  async run(values, _positionals, io) {
    const ws = await loadWorkspace(commonOptions(values), io);
    const result = await verifyStore(ws.evidenceDir);
    if (result.root === null && result.ok) {
      io.stdout(`no evidence store at ${ws.evidenceDir} (nothing collected yet)\n`);
      return 0;
    }
    for (const p of result.problems) io.stdout(`${p}\n`);
    io.stdout(
      result.ok
        ? `ok: ${result.files} files match the manifest, root ${result.root}\n`
        : `FAILED: ${result.problems.length} problems in ${ws.evidenceDir}\n`,
    );
    return result.ok ? 0 : 1;
  },
};

import type { Command } from '../command.ts';
export const build: Command = {
  name: 'build',
  summary: 'check, then build the static site and its search index into dist/',
  usage: 'docket build [--as-of DATE]',
  help: 'TODO',
  options: {},
  async run() {
    return 2;
  },
};

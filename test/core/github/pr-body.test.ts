import { describe, expect, it } from 'vitest';
import { sectionsOf } from '../../../src/core/github/pr-body.ts';

describe('sections of a pull request body', () => {
  it('keys the text under each heading by the lower-cased heading, without a closing colon or #s', () => {
    const body = [
      'Intro',
      '## Risk level:',
      'low',
      '',
      '### Rollback Plan ##',
      'revert',
      '   # Testing performed',
      'unit',
    ].join('\r\n');
    expect([...sectionsOf(body)].sort()).toEqual([
      ['risk level', 'low\n\n'],
      ['rollback plan', 'revert\n'],
      ['testing performed', 'unit\n'],
    ]);
  });

  it('ignores headings inside fenced code and lines indented as code', () => {
    const body = [
      '## Notes',
      '```sh',
      '# not a heading',
      '```',
      '    # code, not a heading',
      '~~~',
      '## also code',
      '~~~',
    ].join('\n');
    expect([...sectionsOf(body).keys()]).toEqual(['notes']);
    expect(sectionsOf(body).get('notes')).toContain('# not a heading');
  });

  it('keeps the last of a repeated heading', () => {
    expect(sectionsOf('## Risk\nfirst\n## Other\nx\n## Risk\nsecond').get('risk')).toBe('second\n');
  });

  it('reads ATX headings as CommonMark does: one to six #s, then a space or tab; closing #s dropped', () => {
    const body = [
      '####### seven',
      'x',
      '#nospace',
      'y',
      '#',
      'z',
      '## C#',
      'c',
      '##\tTabbed ##  ',
      't',
      '## line\u2028break',
      'u',
    ].join('\n');
    expect([...sectionsOf(body)]).toEqual([
      ['c', 'c\n'],
      ['tabbed', 't\n## line\u2028break\nu\n'],
    ]);
  });
});

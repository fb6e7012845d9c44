import { describe, expect, it } from 'vitest';
import { stackColumnsKey, stackLabelCss } from '../../src/site/stack-labels.ts';

describe('stackLabelCss', () => {
  it('names each labelled column by its position, inside the phone media query', () => {
    const labels = ['When', null, 'Made by', 'Status'];
    const key = stackColumnsKey(labels);
    expect(key).toBe('When||Made by|Status');
    expect(stackLabelCss(key, labels)).toBe(
      '@media (max-width:40rem){' +
        'table.stack[data-cols="When||Made by|Status"] tr>:nth-child(1)::before{content:"When: "}' +
        'table.stack[data-cols="When||Made by|Status"] tr>:nth-child(3)::before{content:"Made by: "}' +
        'table.stack[data-cols="When||Made by|Status"] tr>:nth-child(4)::before{content:"Status: "}' +
        '}',
    );
  });

  it('escapes quotes, backslashes and the end of a style element', () => {
    const css = stackLabelCss('k', ['a"b\\c</style><script>']);
    expect(css).toContain('content:"a\\22 b\\5c c\\3c /style>\\3c script>: "');
    expect(css).not.toContain('</style');
  });

  it('writes nothing when no column is named', () => {
    expect(stackLabelCss('k', [null, null])).toBe('');
  });
});

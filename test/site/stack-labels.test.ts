import { describe, expect, it } from 'vitest';
import { stackColumnsKey, stackLabelCss } from '../../src/site/stack-labels.ts';

describe('stackLabelCss', () => {
  it('names each labelled column by its position, inside the phone media query', () => {
    const labels = ['When', null, 'Made by', 'Status'];
    const scope = 'table.stack[data-cols="k"]>tbody>tr>';
    expect(stackLabelCss('k', labels)).toBe(
      '@media (max-width:40rem){' +
        `${scope}:nth-child(1)::before{content:"When: "}` +
        `${scope}:nth-child(3)::before{content:"Made by: "}` +
        `${scope}:nth-child(4)::before{content:"Status: "}` +
        '}',
    );
  });

  it('gives tables with the same columns the same short key, and others another', () => {
    const key = stackColumnsKey(['When', null, 'Author']);
    expect(key).toMatch(/^c[0-9a-z]{1,7}$/);
    expect(stackColumnsKey(['When', null, 'Author'])).toBe(key);
    expect(stackColumnsKey(['When', 'Author', null])).not.toBe(key);
    expect(stackColumnsKey(['When', null, 'Author', null])).not.toBe(key);
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

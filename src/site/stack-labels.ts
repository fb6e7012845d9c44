// A stacked table (`table.stack`, one card per row on a phone) names each cell on the card. The
// names are written once per table, as CSS keyed to column positions, rather than as a
// data-label on every cell: on a large population that attribute was a fifth of a page's bytes.

/** The phone width at which `table.stack` becomes cards (site.css uses the same). */
const PHONE = '40rem';

/** A CSS string literal; `<` is escaped too, as the rule sits inside an HTML style element. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/** The table's `data-cols` value: its columns' labels, so that equal tables share their CSS. */
export function stackColumnsKey(labels: readonly (string | null)[]): string {
  return labels.map((l) => l ?? '').join('|');
}

/**
 * CSS naming each column of the tables whose `data-cols` is `key`: `labels[i]` before the text of
 * each row's (i+1)th cell, or nothing for null (a badge or a title that says what it is).
 */
export function stackLabelCss(key: string, labels: readonly (string | null)[]): string {
  const scope = `table.stack[data-cols=${cssString(key)}] tr>`;
  const rules = labels.flatMap((label, i) =>
    label === null
      ? []
      : [`${scope}:nth-child(${i + 1})::before{content:${cssString(`${label}: `)}}`],
  );
  return rules.length ? `@media (max-width:${PHONE}){${rules.join('')}}` : '';
}

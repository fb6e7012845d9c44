import { describe, expect, it } from 'vitest';
import {
  annotationAt,
  leadingControlId,
  resolveTarget,
} from '../../../src/core/content/references.ts';

describe('control references', () => {
  it('reads a control id at the start of a link text only', () => {
    expect(leadingControlId('OPS-01: Change Management')).toBe('OPS-01');
    expect(leadingControlId('SEC-IAM-03 access')).toBe('SEC-IAM-03');
    expect(leadingControlId('CC-BY licence')).toBeNull();
    expect(leadingControlId('See OPS-01')).toBeNull();
    expect(leadingControlId('OPS-01x')).toBeNull();
  });

  it('resolves relative, root-relative and encoded targets; ignores external ones', () => {
    expect(resolveTarget('processes/change.md', '../custom/ops-01.md')).toBe('custom/ops-01.md');
    expect(resolveTarget('processes/change.md', '/controls/ops-01.md#statement')).toBe(
      'controls/ops-01.md',
    );
    expect(resolveTarget('a/b.md', 'my%20control.md?plain=1')).toBe('a/my control.md');
    expect(resolveTarget('a/b.md', 'https://example.com/controls/ops-01.md')).toBeNull();
    expect(resolveTarget('a/b.md', '#section')).toBeNull();
  });

  it('reads an annotation right after a link, with nested brackets, and nothing else', () => {
    const text = '[x](y) ^[one [two] three] tail';
    expect(annotationAt(text, 6)).toBe('one [two] three');
    expect(annotationAt('[x](y) not ^[this]', 6)).toBeUndefined();
    expect(annotationAt('[x](y) ^[never closed\n\nnext paragraph]', 6)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { codeSpans, externalHref, shortUrl } from '../../src/site/format.ts';

describe('codeSpans', () => {
  it('marks backticked spans as code and keeps the rest as text', () => {
    expect(codeSpans('roles in `aws.break_glass_roles` within `within_hours`.')).toEqual([
      { text: 'roles in ', code: false },
      { text: 'aws.break_glass_roles', code: true },
      { text: ' within ', code: false },
      { text: 'within_hours', code: true },
      { text: '.', code: false },
    ]);
  });

  it('leaves an unpaired backtick, and text without any, as they are', () => {
    expect(codeSpans('a ` b')).toEqual([{ text: 'a ` b', code: false }]);
    expect(codeSpans('plain')).toEqual([{ text: 'plain', code: false }]);
    expect(codeSpans('')).toEqual([]);
  });
});

describe('externalHref', () => {
  it('passes http(s) URLs and refuses every other scheme or non-URL', () => {
    expect(externalHref('https://github.com/acme/api/pull/1')).toBe(
      'https://github.com/acme/api/pull/1',
    );
    expect(externalHref('http://ghes.acme.test/x')).toBe('http://ghes.acme.test/x');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      '/relative',
      'not a url',
      null,
      42,
    ])
      expect(externalHref(bad), String(bad)).toBeUndefined();
  });
});

describe('shortUrl', () => {
  it('shows an address without its scheme, or only its host when the rest is long', () => {
    expect(shortUrl('https://github.com/acme/api/pull/101')).toBe('github.com/acme/api/pull/101');
    expect(
      shortUrl(
        'https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events/2985d05a-9012-49de-a72e-cb61d6450389',
      ),
    ).toBe('us-east-1.console.aws.amazon.com');
  });
});

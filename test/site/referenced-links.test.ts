import { describe, expect, it } from 'vitest';
import { ReferencedLinks } from '../../src/site/referenced-links.ts';

describe('ReferencedLinks', () => {
  const links = () =>
    new ReferencedLinks([
      ['github:acme/api#7', 'evidence/records/github/acme/api/pull-requests/1/#github-acme-api-7'],
      ['deploy:acme/api@9', 'evidence/records/github/acme/api/deployments/3/#deploy-acme-api-9'],
      ['file:cloudtrail/2222/2026-05.ndjson', 'evidence/records/cloudtrail/2222/2026-05/1/'],
    ]);

  it('names the files of the records asked for, not those of files linked as a whole', () => {
    const l = links();
    expect(l.get('deploy:acme/api@9')).toBe(
      'evidence/records/github/acme/api/deployments/3/#deploy-acme-api-9',
    );
    expect(l.get('file:cloudtrail/2222/2026-05.ndjson')).toBe(
      'evidence/records/cloudtrail/2222/2026-05/1/',
    );
    expect(l.get('github:acme/api#8')).toBeUndefined();
    expect([...l.referencedFiles()]).toEqual(['github/acme/api/deployments.ndjson']);
  });

  it("tells a record's file without counting it as asked for", () => {
    const l = links();
    expect(l.fileOf('deploy:acme/api@9')).toBe('github/acme/api/deployments.ndjson');
    expect(l.fileOf('github:acme/api#8')).toBeNull();
    expect(l.referencedFiles().size).toBe(0);
  });

  it('names none before any view asks', () => {
    expect(links().referencedFiles().size).toBe(0);
  });
});

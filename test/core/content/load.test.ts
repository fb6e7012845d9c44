import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadContent, type ContentFile } from '../../../src/core/content/load.ts';
import { FRAMEWORKS } from '../../../src/core/frameworks/index.ts';
import { formatProblem } from '../../../src/core/problems.ts';
import { RULES } from '../../../src/rules/index.ts';
import { readContentFiles } from '../../../src/check/content-files.ts';
import { FIXTURES } from '../../helpers/cli.ts';

const options = { controlsDirs: ['controls', 'custom'], frameworks: FRAMEWORKS, rules: RULES };
const load = (files: ContentFile[]) => loadContent(files, options);

describe('loading content', () => {
  it('reports every bad-input case as path:line: message, all at once', async () => {
    const { files } = readContentFiles(join(FIXTURES, 'bad-content'));
    const { problems } = load(files);
    expect(problems.map(formatProblem)).toEqual([
      'controls/bad-framework.md:6: frameworks.soc2: CC8.9 is not a soc2 criterion',
      'controls/bad-id.md:2: id: "../../etc/passwd" is not a control id (expected e.g. OPS-01)',
      'controls/bad-id.md:5: unknown key "framworks"',
      'controls/dup-b.md:2: duplicate control id DUP-01 (also defined in controls/dup-a.md)',
      'controls/missing-owner.md:2: missing required field owner',
      "controls/unknown-rule.md:6: checks[0]: review-overdue runs over all content on its own and cannot be a control's check",
      expect.stringMatching(
        /^controls\/unknown-rule\.md:7: checks\[1\]: unknown rule "pr-approved-by-magic"/,
      ),
      'policies/invalid-date.md:5: last_reviewed: "2026-02-30" is not a calendar date (no such day)',
      expect.stringMatching(/^policies\/malformed-yaml\.md:[45]: invalid YAML: /),
      'policies/unclosed.md:1: frontmatter is not closed: add a line `---` after it',
      'policies/unknown-cadence.md:6: review_cadence: unknown review cadence "biweekly" (expected one of monthly, quarterly, semiannual, annual)',
      'policies/unknown-type.md:2: type: unknown document type "memo" (expected one of policy, standard, process, procedure, narrative, record, postmortem)',
    ]);
  });

  it('ingests every seed document; the one without frontmatter is unowned, not an error', async () => {
    const { files, problems: readProblems } = readContentFiles(join(FIXTURES, 'seed-docs'));
    const { content, problems } = load(files);
    expect([...readProblems, ...problems]).toEqual([]);
    expect(content.documents.map((d) => d.path)).toEqual([
      'docs/change-management-process.md',
      'docs/devops-design-template.md',
      'docs/gitops-aiops-policies.md',
      'docs/governance-flow.md',
      'docs/workflows.md',
    ]);
    const template = content.documents.find((d) => d.path === 'docs/devops-design-template.md');
    expect(template).toMatchObject({ type: null, owner: null, last_reviewed: null, controls: [] });
    expect(template?.title).toBe('DevOps Design: [Feature Name]');
    const process = content.documents.find((d) => d.path === 'docs/change-management-process.md');
    expect(process).toMatchObject({
      type: 'process',
      title: 'Change Management Process',
      owner: 'engineering-team',
      last_reviewed: '2025-01-09',
      review_cadence: 'annual',
      participants: ['engineers', 'infrastructure-team', 'security-team'],
      controls: ['OPS-01'],
    });
  });

  it('finds OPS-01 in the seed process with its annotation, as a backlink of the control', async () => {
    const { files } = readContentFiles(join(FIXTURES, 'seed-docs'));
    const { content } = load(files);
    const process = content.documents.find((d) => d.path === 'docs/change-management-process.md');
    expect(process?.references).toEqual([
      {
        id: 'OPS-01',
        via: 'link',
        line: 198,
        text: 'OPS-01: Change Management',
        target: '../custom/ops-01.md',
        targetPath: 'custom/ops-01.md',
        annotation:
          '8-step process: proposal, automated testing, peer review, security review, staging deployment, production deployment, verification, rollback',
      },
    ]);
    const ops01 = content.controls.find((c) => c.id === 'OPS-01');
    expect(ops01?.backlinks).toEqual([
      {
        document: 'docs/change-management-process.md',
        title: 'Change Management Process',
        type: 'process',
        via: 'link',
        annotation: process?.references[0]?.annotation,
      },
    ]);
  });

  it('maps documents through the controls list and marks references to unknown controls', () => {
    const { content, problems } = load([
      {
        path: 'controls/iam-01.md',
        text: '---\nid: IAM-01\ntitle: Access reviews\nowner: security\n---\nText.\n',
      },
      {
        path: 'policies/access.md',
        text: [
          '---',
          'type: policy',
          'title: Access Policy',
          'owner: security',
          'controls: [IAM-01, IAM-09]',
          '---',
          '# Access Policy',
          '',
          '- [IAM-01: reviews](../controls/iam-01.md) ^[quarterly, see [the runbook](../runbook.md)]',
          '- [Capacity](../controls/cap-01.md)',
          '- [CVE-2024-1234](https://nvd.nist.gov/vuln/detail/CVE-2024-1234) is not a control',
          '- [OPS-07 reference style][ops]',
          '',
          '[ops]: ../controls/ops-07.md',
        ].join('\n'),
      },
    ]);
    expect(problems).toEqual([]);
    const doc = content.documents[0];
    expect(doc?.controls).toEqual(['IAM-01']);
    expect(
      doc?.references.map((r) => [r.id, r.via, r.line, r.problem ?? null, r.annotation ?? null]),
    ).toEqual([
      ['IAM-01', 'frontmatter', 5, null, null],
      ['IAM-09', 'frontmatter', 5, 'IAM-09 is not a control', null],
      ['IAM-01', 'link', 9, null, 'quarterly, see [the runbook](../runbook.md)'],
      [null, 'link', 10, 'link target ../controls/cap-01.md is not a control file', null],
      ['OPS-07', 'link', 12, 'OPS-07 is not a control', null],
    ]);
    // The annotated link wins over the bare frontmatter mention.
    expect(content.controls[0]?.backlinks).toEqual([
      {
        document: 'policies/access.md',
        title: 'Access Policy',
        type: 'policy',
        via: 'link',
        annotation: 'quarterly, see [the runbook](../runbook.md)',
      },
    ]);
  });

  it('strips the generated backlinks section from a control narrative', () => {
    const { content } = load([
      {
        path: 'controls/x-01.md',
        text: '---\nid: X-01\ntitle: X\nowner: o\n---\nThe statement.\n\n<!-- Backlinks auto-generated below -->\n\n## Backlinks\n- [a](b.md)\n',
      },
    ]);
    expect(content.controls[0]?.narrative).toBe('The statement.');
  });
});

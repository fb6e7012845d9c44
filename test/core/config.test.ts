import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.ts';

const problemsOf = (yaml: string) => parseConfig(yaml, 'docket.config.yaml').problems;

describe('docket.config.yaml repository names', () => {
  it.each([
    ['acme/.git', 'is not a GitHub repository name'],
    ['acme/..', 'is not a GitHub repository name'],
    ['acme/.', 'is not a GitHub repository name'],
    ['acme/api.git', 'is not a GitHub repository name'],
    ['../etc', 'is not a GitHub owner'],
    ['-acme/api', 'is not a GitHub owner'],
    ['ac--me/api', 'is not a GitHub owner'],
    ['acme/api/extra', 'is not a repository'],
    ['acme', 'is not a repository'],
    ['acme/a b', 'is not a GitHub repository name'],
  ])('refuses %s in github.repos, naming the line', (repo, message) => {
    const problems = problemsOf(`github:\n  repos:\n    - acme/ok\n    - "${repo}"\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'docket.config.yaml', line: 4 });
    expect(problems[0]?.message).toContain(message);
    expect(problems[0]?.message).toContain(JSON.stringify(repo));
  });

  it.each(['acme/api', 'acme/.github', 'Acme-Corp/api_v2.0', 'acme/*', 'a/b'])(
    'accepts %s',
    (repo) => {
      expect(problemsOf(`github:\n  repos: ["${repo}"]\n`)).toEqual([]);
    },
  );

  it('refuses a wildcard or a bad name in issues.repo', () => {
    expect(problemsOf('issues:\n  repo: acme/*\n')[0]?.message).toContain('is not a GitHub');
    expect(problemsOf('issues:\n  repo: acme/..\n')[0]).toMatchObject({ line: 2 });
    expect(problemsOf('issues:\n  repo: acme/compliance\n')).toEqual([]);
  });
});

describe('docket.config.yaml account ids', () => {
  it('names a bad account id and its line', () => {
    const problems = problemsOf(
      'aws:\n  accounts:\n    "111111111111": { name: prod, environment: production }\n    "1111": { name: short, environment: staging }\n',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4 });
    expect(problems[0]?.message).toContain('"1111" is not an AWS account id (12 digits)');
  });
});

describe('docket.config.yaml dates', () => {
  it('tells an impossible day from a wrong format', () => {
    const problems = problemsOf('period:\n  start: 2026-02-30\n  end: 26-12-31\n');
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'period.start: "2026-02-30" is not a calendar date (no such day)'],
      [3, 'period.end: expected a date YYYY-MM-DD, got "26-12-31"'],
    ]);
  });
});

describe('docket.config.yaml site look', () => {
  it('accepts a logo image and a hex accent colour', () => {
    const { config, problems } = parseConfig(
      'site:\n  title: Initech\n  logo: brand/Logo.SVG\n  accent: "#7A1FA2"\n',
      'docket.config.yaml',
    );
    expect(problems).toEqual([]);
    expect(config?.site).toEqual({
      title: 'Initech',
      logo: 'brand/Logo.SVG',
      accent: '#7A1FA2',
      record_pages: 'referenced',
    });
  });

  it('takes record_pages all, and refuses another value naming the two', () => {
    const { config } = parseConfig('site:\n  record_pages: all\n', 'docket.config.yaml');
    expect(config?.site.record_pages).toBe('all');
    expect(parseConfig('content: content\n', 'docket.config.yaml').config?.site.record_pages).toBe(
      'referenced',
    );
    const problems = problemsOf('site:\n  record_pages: some\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'docket.config.yaml', line: 2 });
    expect(problems[0]?.message).toMatch(/site\.record_pages: .*"referenced".*"all"/);
  });

  it.each([
    ['accent: red', 3, '"red" is not a colour #rgb or #rrggbb'],
    ['accent: "#12345"', 3, '"#12345" is not a colour #rgb or #rrggbb'],
    ['accent: "#fff;} body{display:none"', 3, 'is not a colour #rgb or #rrggbb'],
    ['logo: brand/logo.pdf', 3, '"brand/logo.pdf" is not an image file'],
  ])('refuses %s, naming its line', (line, at, message) => {
    const problems = problemsOf(`site:\n  title: Initech\n  ${line}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'docket.config.yaml', line: at });
    expect(problems[0]?.message).toContain(message);
  });
});

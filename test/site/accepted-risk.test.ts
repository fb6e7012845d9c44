import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupPage } from '../../src/core/issues/groups.ts';
import { GapsFile } from '../../src/core/schemas/gaps.ts';
import { runCli } from '../helpers/cli.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
  type FakeIssue,
} from '../../testkit/fake-github/index.ts';
import { brokenLinks, buildSite, EXAMPLE_AS_OF, exampleOrg, page } from '../helpers/site.ts';

/**
 * The example organisation after a real `docket issues --apply` against the fake GitHub, people
 * closing three gap issues as "not planned", and the next nightly sync recording that: the
 * built site must show those groups as accepted risk wherever their gaps are listed.
 */
const TOKEN = 'ghp_acceptedacceptedacceptedaccepted01';
const SITE_URL = 'https://acme.github.io/compliance/';
/** VUL-01's only group, one of IAC-01's three, and a group of no control. */
const ACCEPTED = ['VUL-01|control-unmapped', 'IAC-01|cloud-console-change', '|broken-control-link'];

let gh: FakeGithub;
let dist: string;
let gaps: GapsFile['gaps'];
let issues: FakeIssue[];
const groupOf = (g: { control: string | null; rule: string }) => `${g.control ?? ''}|${g.rule}`;
const issueOfGroup = (key: string) => {
  const [control, rule] = key.split('|') as [string, string];
  return issues.find(
    (i) =>
      i.title.endsWith(`(${rule})`) &&
      (control ? i.title.startsWith(`${control} `) : !/^[A-Z]+-\d+ /.test(i.title)),
  ) as FakeIssue;
};
const rowsOf = (html: string, status: 'accepted' | 'gap') =>
  [...html.matchAll(new RegExp(`<tr id="gap-([0-9a-f]+)"[^>]*data-status="${status}"`, 'g'))]
    .map((m) => m[1])
    .sort();
const idsWhere = (f: (g: GapsFile['gaps'][number]) => boolean) =>
  gaps
    .filter(f)
    .map((g) => g.id)
    .sort();
const accepted = (g: GapsFile['gaps'][number]) => ACCEPTED.includes(groupOf(g));

beforeAll(async () => {
  const org = await exampleOrg();
  const config = await readFile(join(org, 'docket.config.yaml'), 'utf8');
  await writeFile(
    join(org, 'docket.config.yaml'),
    config.replace(
      'site:\n  title: Acme Cloud compliance\n',
      `site:\n  title: Acme Cloud compliance\n  url: "${SITE_URL}"\n`,
    ),
  );
  const data = new FakeGithubData();
  data.addRepo('acme/compliance');
  gh = await startFakeGithub(data, { token: TOKEN });
  const sync = () =>
    runCli(['issues', '--apply', '--as-of', EXAMPLE_AS_OF], {
      cwd: org,
      today: EXAMPLE_AS_OF,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url },
    });
  const first = await sync();
  if (first.code !== 0) throw new Error(first.stderr);
  issues = data.repo_('acme/compliance').issues;
  for (const key of ACCEPTED)
    Object.assign(issueOfGroup(key), {
      state: 'CLOSED',
      stateReason: 'NOT_PLANNED',
      closedAt: data.now,
    });
  const second = await sync();
  if (second.code !== 0) throw new Error(second.stderr);
  expect(second.stdout).toContain(`${ACCEPTED.length} accepted as risk`);
  expect(gh.invalid).toEqual([]);
  dist = await buildSite(org);
  gaps = GapsFile.parse(JSON.parse(await readFile(join(dist, 'gaps.json'), 'utf8'))).gaps;
}, 240_000);

afterAll(() => gh?.close());

describe('accepted risk on the built site', () => {
  it("marks a group's page accepted, with the issue that records the decision", async () => {
    const iac = issueOfGroup('IAC-01|cloud-console-change');
    const html = await page(dist, 'gaps/control/iac-01/cloud-console-change');
    expect(html).toMatch(
      new RegExp(
        `<p class="accepted-group"><span class="badge accepted">Accepted risk</span> The gap issue for this group \\(<a href="https://github.com/acme/compliance/issues/${iac.number}">#${iac.number}</a>\\) was closed as not planned`,
      ),
    );
    expect(rowsOf(html, 'accepted')).toEqual(
      idsWhere((g) => groupOf(g) === 'IAC-01|cloud-console-change'),
    );
    expect(rowsOf(html, 'gap')).toEqual([]);
    // A group still open has no such mark.
    expect(await page(dist, 'gaps/control/iac-01/cloud-manual-change')).not.toContain(
      'accepted-group',
    );
    const none = await page(dist, 'gaps/no-control/broken-control-link');
    expect(none).toContain('class="accepted-group"');
    expect(rowsOf(none, 'accepted')).toEqual(
      idsWhere((g) => groupOf(g) === '|broken-control-link'),
    );
  });

  it('marks exactly the accepted gaps, and only them, wherever gaps are listed', async () => {
    expect(idsWhere(accepted).length).toBeGreaterThanOrEqual(3);
    const all = await page(dist, 'gaps');
    expect(rowsOf(all, 'accepted')).toEqual(idsWhere(accepted));
    expect(rowsOf(all, 'gap')).toEqual(idsWhere((g) => !accepted(g)));
    expect(all).toContain(
      `${gaps.length} gaps as of ${EXAMPLE_AS_OF}, ${idsWhere(accepted).length} of them accepted risk.`,
    );
    expect(all).toContain('<option value="accepted">accepted risk</option>');
    for (const [path, f] of [
      [
        'gaps/rule/cloud-console-change',
        (g: GapsFile['gaps'][number]) => g.rule === 'cloud-console-change',
      ],
      [
        'gaps/control/iac-01/cloud-console-change',
        (g: GapsFile['gaps'][number]) =>
          g.control === 'IAC-01' && g.rule === 'cloud-console-change',
      ],
    ] as const) {
      const html = await page(dist, path);
      expect(rowsOf(html, 'accepted'), path).toEqual(idsWhere((g) => f(g) && accepted(g)));
      expect(rowsOf(html, 'gap'), path).toEqual(idsWhere((g) => f(g) && !accepted(g)));
    }
    // A severity's page counts the accepted gaps of each rule (its rows are on the rule's page).
    const high = await page(dist, 'gaps/severity/high');
    const counts = [
      ...high.matchAll(
        /<tr data-rule="([^"]+)"><td><a [^>]*>[^<]*<\/a><\/td><td>[^<]*<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g,
      ),
    ].map(([, rule, n, a]) => [rule, Number(n), Number(a)]);
    const highRules = [...new Set(gaps.filter((g) => g.severity === 'high').map((g) => g.rule))];
    expect(counts.map(([rule]) => rule).sort()).toEqual(highRules.sort());
    for (const [rule, n, a] of counts) {
      const of = (g: GapsFile['gaps'][number]) => g.severity === 'high' && g.rule === rule;
      expect([rule, n, a]).toEqual([
        rule,
        idsWhere(of).length,
        idsWhere((g) => of(g) && accepted(g)).length,
      ]);
    }
    expect(counts.some(([, , a]) => (a as number) > 0)).toBe(true);
    // A control's page says which of its rules' groups were accepted.
    expect(await page(dist, 'gaps/control/iac-01')).toMatch(
      /<tr data-rule="cloud-console-change">[\s\S]*?all \(the group was accepted\)<\/td><\/tr>/,
    );
    // Each accepted row links to its decision.
    const vul = issueOfGroup('VUL-01|control-unmapped');
    const [vulGap] = idsWhere((g) => groupOf(g) === 'VUL-01|control-unmapped');
    expect(all).toMatch(
      new RegExp(
        `<tr id="gap-${vulGap}"[\\s\\S]*?<span class="badge accepted">Accepted risk</span> <a href="https://github.com/acme/compliance/issues/${vul.number}">#${vul.number}<`,
      ),
    );
  });

  it("says on a control's page when all, or some, of its gaps are accepted risk", async () => {
    const vul = await page(dist, 'controls/vul-01');
    expect(vul).toContain(
      '<p class="accepted-summary" data-accepted="1" data-gaps="1"><span class="badge accepted">Accepted risk</span> The gap below is accepted risk',
    );
    const iac = await page(dist, 'controls/iac-01');
    const shown = [...iac.matchAll(/<tr id="gap-([0-9a-f]+)"/g)].length;
    const acceptedHere = idsWhere((g) => groupOf(g) === 'IAC-01|cloud-console-change').length;
    expect(shown).toBeGreaterThan(acceptedHere);
    expect(iac).toContain(
      `data-accepted="${acceptedHere}" data-gaps="${shown}"><span class="badge accepted">Accepted risk</span> ${acceptedHere} of the ${shown} gaps below ${acceptedHere === 1 ? 'is' : 'are'} accepted risk`,
    );
    // The items of the population behind the accepted group are accepted, not gaps.
    const subjects = gaps
      .filter((g) => groupOf(g) === 'IAC-01|cloud-console-change')
      .map((g) => g.subject);
    const population = JSON.parse(
      gunzipSync(
        await readFile(join(dist, 'controls/iac-01/populations/production-changes.json.gz')),
      ).toString('utf8'),
    ) as { rows: { subject: string; status: string }[] };
    expect(population.rows.filter((r) => r.status === 'accepted').map((r) => r.subject)).toEqual(
      subjects,
    );
    expect(iac).toMatch(/<strong>\d+<\/strong> with gaps, <strong>1<\/strong> accepted\./);
    // The status line says it too, and so does the controls index.
    expect(vul).toMatch(
      /<dt>Status<\/dt><dd><span class="badge gaps">Gaps<\/span><span class="muted"> all 1 accepted risk<\/span><\/dd>/,
    );
    expect(iac).toContain(`<span class="muted"> ${acceptedHere} of ${shown} accepted risk</span>`);
    const index = await page(dist, 'controls');
    expect(index).toMatch(/VUL-01[\s\S]*?<span class="muted"> \(1 accepted\)<\/span>/);
    // A control with no accepted gap says nothing of the kind.
    expect(await page(dist, 'controls/ops-01')).not.toContain('accepted-summary');
    expect(await page(dist, 'controls/ops-01')).not.toContain('accepted risk</span></dd>');
  });

  it("every issue's link to its group leads to a page of the build listing exactly that group's gaps", async () => {
    const groups = [...new Set(gaps.map(groupOf))];
    expect(issues.length).toBe(groups.length);
    for (const key of groups) {
      const [control, rule] = key.split('|') as [string, string];
      const url = groupPage(control || null, rule, SITE_URL) as string;
      expect(url.startsWith(SITE_URL)).toBe(true);
      const html = await page(dist, url.slice(SITE_URL.length).replace(/\/$/, ''));
      expect([...html.matchAll(/<tr id="gap-([0-9a-f]+)"/g)].map((m) => m[1]).sort(), key).toEqual(
        idsWhere((g) => groupOf(g) === key),
      );
    }
    expect(await brokenLinks(dist)).toEqual([
      'documents/standards/logging-and-monitoring/index.html: ../controls/ops-09.md',
    ]);
  });
});

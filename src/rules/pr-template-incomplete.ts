import { z } from 'zod';
import { sectionsOf } from '../core/github/pr-body.ts';
import { mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'pr-template-incomplete',
  title: 'Pull request description incomplete',
  description:
    'A merged pull request whose body lacks one of the `required_sections` headings ' +
    '(e.g. "Risk level", "Rollback plan", "Testing performed"), or leaves it empty ' +
    "(only whitespace or the template's HTML comments).",
  severity: 'low',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({ repos: Repos, required_sections: z.array(z.string().min(1)).min(1) }),
  remedy:
    'Complete the description of the merged pull request (risk, rollback, testing) ' +
    'so the change record is whole.',
  run({ model, params }) {
    const wanted = params.required_sections.map((s) => ({ section: s, key: s.toLowerCase() }));
    const gaps = [];
    for (const pr of mergedPullRequests(model, params.repos)) {
      const sections = sectionsOf(pr.body);
      let missing: string[] | null = null;
      for (const { section, key } of wanted) {
        const text = sections.get(key);
        // Blank once HTML comments (the template's hints) are taken out.
        if (
          text === undefined ||
          !/\S/.test(text.includes('<!--') ? text.replace(/<!--[\s\S]*?-->/g, '') : text)
        )
          (missing ??= []).push(section);
      }
      if (missing === null) continue;
      gaps.push({
        subject: prSubject(pr),
        title:
          `${pr.repo}#${pr.number} description lacks ` + missing.map((s) => `"${s}"`).join(', '),
        evidence: [prSubject(pr)],
        details: { missing },
      });
    }
    return gaps;
  },
});

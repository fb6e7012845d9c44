import { loadContent, type ContentFile } from '../../src/core/content/load.ts';
import { runRules } from '../../src/core/check.ts';
import { defaultConfig } from '../../src/core/config.ts';
import { FRAMEWORKS } from '../../src/core/frameworks/index.ts';
import type { EvidenceSet } from '../../src/core/evidence.ts';
import type { Model } from '../../src/core/model.ts';
import { RULES } from '../../src/rules/index.ts';
import type { Rule } from '../../src/core/rule.ts';

/** Builds a model from inline content files, failing loudly on content problems. */
export function modelOf(
  files: ContentFile[],
  asOf: string,
  evidence: Partial<EvidenceSet> = {},
  rules: ReadonlyMap<string, Rule> = RULES,
): Model {
  const { content, problems } = loadContent(files, {
    controlsDirs: ['controls'],
    frameworks: FRAMEWORKS,
    rules,
  });
  if (problems.length) throw new Error(JSON.stringify(problems));
  return {
    config: defaultConfig(),
    content,
    evidence: { manifest: null, sources: {}, ...evidence },
    asOf,
    period: { start: '2026-01-01', end: '2026-12-31' },
  };
}

export function gapsOf(model: Model, rule?: string, rules: ReadonlyMap<string, Rule> = RULES) {
  return runRules(model, rules).gaps.filter((g) => rule === undefined || g.rule === rule);
}

/** Docket's rules plus extra ones. */
export function withRules(...extra: Rule[]): ReadonlyMap<string, Rule> {
  return new Map([...RULES, ...extra.map((r) => [r.id, r] as const)]);
}

export function doc(path: string, fm: Record<string, string>, body = ''): ContentFile {
  const lines = Object.entries(fm).map(([k, v]) => `${k}: ${v}`);
  return { path, text: `---\n${lines.join('\n')}\n---\n${body}\n` };
}

export function control(id: string, extra = '', body = 'Statement.'): ContentFile {
  return {
    path: `controls/${id.toLowerCase()}.md`,
    text: `---\nid: ${id}\ntitle: Control ${id}\nowner: team\n${extra}---\n${body}\n`,
  };
}

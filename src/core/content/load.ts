import { posix } from 'node:path';
import type { FrameworkCatalog } from '../frameworks/index.ts';
import { markerIndex } from './backlinks-marker.ts';
import { sortProblems, type Problem } from '../problems.ts';
import { ControlFrontmatter } from '../schemas/control.ts';
import { DocumentFrontmatter, type DocumentType } from '../schemas/document.ts';
import type { Cadence, Frequency } from '../schemas/common.ts';
import { validateYaml, zodIssuesToProblems, type YamlSource } from '../yaml-source.ts';
import type { z } from 'zod';
import { parseMarkdownFile, type MarkdownFile } from './markdown-file.ts';
import { linkReferences, type ControlReference } from './references.ts';

/** A file of the content folder as read from disk: its path relative to the folder, and its text. */
export interface ContentFile {
  path: string;
  text: string;
}

export interface Check {
  rule: string;
  /** The entry's keys other than `rule`, parsed by the rule's own schema (defaults applied). */
  params: Record<string, unknown>;
  /** The evidence source the rule reads, if any (see control-no-evidence). */
  source?: string;
  line: number;
}

/** What the loader needs to know of a rule to validate a check that names it. */
export interface CheckableRule {
  params: z.ZodType;
  kind: 'content' | 'check';
  source?: string;
}

export interface Backlink {
  document: string;
  title: string;
  type: DocumentType | null;
  via: ControlReference['via'];
  annotation?: string;
}

export interface Control {
  id: string;
  path: string;
  title: string;
  owner: string;
  description?: string;
  frequency?: Frequency;
  frameworks: { soc2: string[]; iso27001: string[] };
  checks: Check[];
  /** The control's prose, without the auto-generated backlinks section. */
  narrative: string;
  backlinks: Backlink[];
}

export interface ContentDocument {
  path: string;
  format: 'md' | 'mdx';
  title: string;
  /** Null when the file has no frontmatter: such documents are listed as unowned. */
  type: DocumentType | null;
  owner: string | null;
  last_reviewed: string | null;
  review_cadence: Cadence | null;
  participants: string[];
  /** Ids of existing controls this document maps to, sorted. */
  controls: string[];
  references: ControlReference[];
  /** Frontmatter keys Docket does not interpret (e.g. a post-mortem's `session`). */
  extra: Record<string, unknown>;
}

export interface Content {
  controls: Control[];
  documents: ContentDocument[];
}

export interface ContentOptions {
  /** Content-relative folders whose markdown files are controls. */
  controlsDirs: readonly string[];
  frameworks: readonly FrameworkCatalog[];
  /** The rules a control's `checks` may name, by id. */
  rules: ReadonlyMap<string, CheckableRule>;
}

const MARKDOWN = /\.mdx?$/i;

export function isControlPath(path: string, controlsDirs: readonly string[]): boolean {
  return controlsDirs.some((dir) => path.startsWith(`${dir.replace(/\/+$/, '')}/`));
}

/**
 * Parses, validates and cross-links a content folder. Every problem in every file is returned,
 * so an author fixes them in one pass; content is only usable when `problems` is empty.
 */
export function loadContent(
  files: readonly ContentFile[],
  options: ContentOptions,
): { content: Content; problems: Problem[] } {
  return linkContent(parseContentFiles(files, options.controlsDirs), options);
}

/** Splits and parses the markdown files (a control's body is not parsed: no check reads it). */
export function parseContentFiles(
  files: readonly ContentFile[],
  controlsDirs: readonly string[],
): MarkdownFile[] {
  return files
    .filter((f) => MARKDOWN.test(f.path))
    .map((f) => parseMarkdownFile(f.path, f.text, { body: !isControlPath(f.path, controlsDirs) }));
}

/** Validates and cross-links parsed content files: loadContent after the parsing. */
export function linkContent(
  files: readonly MarkdownFile[],
  options: ContentOptions,
): { content: Content; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const p of parsed) problems.push(...p.problems);

  const controls: Control[] = [];
  const controlFiles = new Map<string, string>();
  const firstPathOf = new Map<string, string>();
  const knownCriteria = new Map(
    options.frameworks.map((fw) => [fw.id, new Set(fw.criteria.map((c) => c.id))]),
  );

  for (const file of parsed.filter((p) => isControlPath(p.path, options.controlsDirs))) {
    if (file.problems.length) continue;
    const control = readControl(file, knownCriteria, options.rules, problems);
    if (!control) continue;
    const earlier = firstPathOf.get(control.id);
    if (earlier !== undefined) {
      problems.push({
        file: file.path,
        line: lineOf(file, ['id']),
        message: `duplicate control id ${control.id} (also defined in ${earlier})`,
      });
      continue;
    }
    firstPathOf.set(control.id, file.path);
    controlFiles.set(file.path, control.id);
    controls.push(control);
  }

  const controlIds = new Set(controls.map((c) => c.id));
  const documents: ContentDocument[] = [];
  for (const file of parsed.filter((p) => !isControlPath(p.path, options.controlsDirs))) {
    if (file.problems.length) continue;
    const doc = readDocument(file, { controlFiles, controlsDirs: options.controlsDirs }, problems);
    if (!doc) continue;
    for (const ref of doc.references) {
      if (ref.id !== null && !controlIds.has(ref.id)) ref.problem = `${ref.id} is not a control`;
      else if (ref.id === null) ref.problem ??= `link target ${ref.target} is not a control file`;
    }
    doc.controls = [
      ...new Set(
        doc.references
          .filter((r) => r.id !== null && controlIds.has(r.id))
          .map((r) => r.id as string),
      ),
    ].sort();
    documents.push(doc);
  }

  const byId = new Map(controls.map((c) => [c.id, c]));
  for (const doc of documents) {
    const seen = new Set<string>();
    for (const ref of doc.references) {
      const control = ref.id !== null ? byId.get(ref.id) : undefined;
      if (!control || seen.has(control.id)) continue;
      seen.add(control.id);
      const backlink: Backlink = {
        document: doc.path,
        title: doc.title,
        type: doc.type,
        via: ref.via,
      };
      // A document may name a control in frontmatter and link it in the body; the annotated link wins.
      const annotated = doc.references.find(
        (r) => r.id === control.id && r.annotation !== undefined,
      );
      if (annotated?.annotation !== undefined) backlink.annotation = annotated.annotation;
      if (annotated) backlink.via = annotated.via;
      control.backlinks.push(backlink);
    }
  }
  for (const c of controls) c.backlinks.sort((a, b) => (a.document < b.document ? -1 : 1));
  controls.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { content: { controls, documents }, problems: sortProblems(problems) };
}

function lineOf(file: MarkdownFile, path: readonly PropertyKey[]): number {
  return file.frontmatter ? file.frontmatter.lineOf(path) : 1;
}

function readControl(
  file: MarkdownFile,
  knownCriteria: Map<string, Set<string>>,
  rules: ReadonlyMap<string, CheckableRule>,
  problems: Problem[],
): Control | null {
  if (!file.frontmatter) {
    problems.push({
      file: file.path,
      line: 1,
      message: 'a control needs frontmatter with id, title, owner and frameworks',
    });
    return null;
  }
  const result = validateYaml(file.frontmatter, ControlFrontmatter, file.path);
  if (!result.value) {
    problems.push(...result.problems);
    return null;
  }
  const fm = result.value;
  let ok = true;
  for (const [fw, ids] of Object.entries(fm.frameworks) as [string, string[]][]) {
    const known = knownCriteria.get(fw);
    ids.forEach((criterion, i) => {
      if (known && !known.has(criterion)) {
        ok = false;
        problems.push({
          file: file.path,
          line: lineOf(file, ['frameworks', fw, i]),
          message: `frameworks.${fw}: ${criterion} is not a ${fw} criterion`,
        });
      }
    });
  }
  const checks: Check[] = [];
  fm.checks.forEach((entry, i) => {
    const { rule: ruleId, ...raw } = entry;
    const line = lineOf(file, ['checks', i]);
    const rule = rules.get(ruleId);
    if (!rule) {
      ok = false;
      problems.push({
        file: file.path,
        line: lineOf(file, ['checks', i, 'rule']),
        message:
          `checks[${i}]: unknown rule ${JSON.stringify(ruleId)} ` +
          `(known: ${[...rules.keys()].filter((k) => rules.get(k)?.kind === 'check').join(', ')})`,
      });
      return;
    }
    if (rule.kind !== 'check') {
      ok = false;
      problems.push({
        file: file.path,
        line,
        message:
          `checks[${i}]: ${ruleId} runs over all content on its own and cannot ` +
          `be a control's check`,
      });
      return;
    }
    const parsed = rule.params.safeParse(raw);
    if (!parsed.success) {
      ok = false;
      problems.push(
        ...zodIssuesToProblems(parsed.error.issues, file.frontmatter as YamlSource, file.path, [
          'checks',
          i,
        ]).map((p) => ({ ...p, message: `${ruleId}: ${p.message}` })),
      );
      return;
    }
    const check: Check = { rule: ruleId, params: parsed.data as Record<string, unknown>, line };
    if (rule.source !== undefined) check.source = rule.source;
    checks.push(check);
  });
  if (!ok) return null;
  const markerAt = markerIndex(file.body);
  const control: Control = {
    id: fm.id,
    path: file.path,
    title: fm.title,
    owner: fm.owner,
    frameworks: { soc2: fm.frameworks.soc2, iso27001: fm.frameworks.iso27001 },
    checks,
    narrative: (markerAt >= 0 ? file.body.slice(0, markerAt) : file.body).trim(),
    backlinks: [],
  };
  if (fm.description !== undefined) control.description = fm.description;
  if (fm.frequency !== undefined) control.frequency = fm.frequency;
  return control;
}

const KNOWN_DOCUMENT_KEYS = new Set([
  'type',
  'title',
  'owner',
  'last_reviewed',
  'review_cadence',
  'participants',
  'controls',
]);

function readDocument(
  file: MarkdownFile,
  refs: Parameters<typeof linkReferences>[1],
  problems: Problem[],
): ContentDocument | null {
  const format = file.path.toLowerCase().endsWith('.mdx') ? 'mdx' : 'md';
  const references = linkReferences(file, refs);
  const base: ContentDocument = {
    path: file.path,
    format,
    title:
      file.heading && !/^(table of )?contents$/i.test(file.heading)
        ? file.heading
        : humanize(file.path),
    type: null,
    owner: null,
    last_reviewed: null,
    review_cadence: null,
    participants: [],
    controls: [],
    references,
    extra: {},
  };
  if (!file.frontmatter) return base;
  const result = validateYaml(file.frontmatter, DocumentFrontmatter, file.path);
  if (!result.value) {
    problems.push(...result.problems);
    return null;
  }
  const fm = result.value;
  const fromFrontmatter: ControlReference[] = fm.controls.map((id, i) => ({
    id,
    via: 'frontmatter',
    line: lineOf(file, ['controls', i]),
  }));
  const extra = Object.fromEntries(Object.entries(fm).filter(([k]) => !KNOWN_DOCUMENT_KEYS.has(k)));
  return {
    ...base,
    title: fm.title,
    type: fm.type,
    owner: fm.owner,
    last_reviewed: fm.last_reviewed ?? null,
    review_cadence: fm.review_cadence ?? null,
    participants: fm.participants,
    references: [...fromFrontmatter, ...references],
    extra,
  };
}

function humanize(path: string): string {
  const name = posix.basename(path).replace(MARKDOWN, '').replace(/[-_]+/g, ' ').trim();
  return name.replace(/\b\w/g, (c) => c.toUpperCase());
}

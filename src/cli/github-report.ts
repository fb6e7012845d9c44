// `docket check --format github`: GitHub workflow-command annotations on the files and lines a
// process owner edits, and a markdown summary for the job page. @actions/core, GitHub's own
// toolkit, writes both, so the escaping of the workflow-command format is GitHub's, not ours.
import * as core from '@actions/core';
import { appendFile, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Problem } from '../core/problems.ts';
import type { Severity } from '../core/schemas/common.ts';
import type { Gap, GapsFile } from '../core/schemas/gaps.ts';
import { splitFrontmatter } from '../core/content/markdown-file.ts';
import { printable } from './io.ts';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  /** Relative to the repository root (the workflow's working directory). */
  file: string;
  line: number;
  title: string;
  message: string;
}

const LEVEL: Record<Severity, Annotation['level']> = {
  high: 'error',
  medium: 'warning',
  low: 'notice',
};

/** The document rules whose gaps point at a line a process owner can fix. */
const DOCUMENT_FIELDS: Record<string, string | null> = {
  'broken-control-link': null,
  'review-overdue': 'last_reviewed',
  'review-missing': null,
  'doc-unmapped': null,
};

/** A content-relative path as the repository sees it (annotations need repository paths). */
export function repositoryPath(file: string, contentDir: string, root: string): string {
  const absolute = isAbsolute(file) ? file : join(contentDir, file);
  return relative(root, absolute).split(sep).join('/');
}

/** The 1-based line of `key:` in a document's frontmatter, or null. */
export function frontmatterLine(text: string, key: string): number | null {
  if (splitFrontmatter(text) === null) return null;
  const lines = text.split('\n');
  for (let i = 1; i < lines.length && !/^---\s*$/.test(lines[i] as string); i++) {
    if (new RegExp(`^${key}\\s*:`).test(lines[i] as string)) return i + 1;
  }
  return null;
}

/** Annotations for content problems (each an error) and for document gaps, in input order. */
export function annotationsOf(
  problems: readonly Problem[],
  gaps: readonly Gap[],
  lineOf: (gap: Gap) => number,
  path: (file: string) => string,
): Annotation[] {
  const out: Annotation[] = problems.map((p) => ({
    level: 'error',
    file: path(p.file),
    line: Math.max(1, p.line),
    title: 'Docket: content problem',
    message: p.message,
  }));
  for (const gap of gaps) {
    if (!(gap.rule in DOCUMENT_FIELDS) || !gap.subject.startsWith('doc:')) continue;
    out.push({
      level: LEVEL[gap.severity],
      file: path(gap.subject.slice('doc:'.length)),
      line: lineOf(gap),
      title: `Docket ${gap.rule}${gap.control ? ` (${gap.control})` : ''}`,
      message: gap.title,
    });
  }
  return out;
}

/** The lines document gaps point at: the link's line, the reviewed date's, or the first. */
export async function documentGapLines(
  gaps: readonly Gap[],
  contentDir: string,
): Promise<(gap: Gap) => number> {
  const lines = new Map<string, number>();
  for (const gap of gaps) {
    const field = DOCUMENT_FIELDS[gap.rule];
    const detail = gap.details?.line;
    if (typeof detail === 'number') lines.set(gap.id, detail);
    else if (field && gap.subject.startsWith('doc:')) {
      const text = await readFile(join(contentDir, gap.subject.slice(4)), 'utf8').catch(() => '');
      lines.set(gap.id, frontmatterLine(text, field) ?? 1);
    }
  }
  return (gap) => lines.get(gap.id) ?? 1;
}

/** Markdown for the job summary: the counts, gaps by control, and content problems. */
export function stepSummary(gaps: GapsFile | null, problems: readonly Problem[]): string {
  const out = ['## Docket check', ''];
  if (problems.length > 0) {
    out.push(`**${problems.length} content problem${problems.length === 1 ? '' : 's'}**`, '');
    for (const p of problems) out.push(`- \`${cell(p.file)}:${p.line}\` ${cell(p.message)}`);
    out.push('');
  }
  if (gaps) {
    const s = gaps.summary;
    const sev = (k: string) => s.by_severity[k] ?? 0;
    out.push(
      `As of ${gaps.as_of} (audit period ${gaps.period.start} to ${gaps.period.end}): ` +
        `${gaps.gaps.length} gaps in ${s.with_gaps} of ${s.controls} controls ` +
        `(${sev('high')} high, ${sev('medium')} medium, ${sev('low')} low).`,
      '',
    );
    const byControl = new Map<string, Record<Severity, number>>();
    for (const g of gaps.gaps) {
      const key = g.control ?? '(no control)';
      const row = byControl.get(key) ?? { high: 0, medium: 0, low: 0 };
      row[g.severity]++;
      byControl.set(key, row);
    }
    if (byControl.size > 0) {
      out.push('| Control | High | Medium | Low |', '| --- | ---: | ---: | ---: |');
      for (const [control, n] of [...byControl].sort(([a], [b]) => (a < b ? -1 : 1)))
        out.push(`| ${cell(control)} | ${n.high} | ${n.medium} | ${n.low} |`);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Text safe in a markdown table cell. */
function cell(text: string): string {
  return printable(text).replace(/[|`\\<>]/g, (c) => `\\${c}`);
}

/** Prints the annotations as workflow commands and appends the summary to $GITHUB_STEP_SUMMARY. */
export async function reportToGithub(annotations: readonly Annotation[], summary: string) {
  for (const a of annotations) {
    const props = { title: printable(a.title), file: printable(a.file), startLine: a.line };
    const message = printable(a.message);
    if (a.level === 'error') core.error(message, props);
    else if (a.level === 'warning') core.warning(message, props);
    else core.notice(message, props);
  }
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  // The runner creates the file; @actions/core refuses one that is not there yet.
  await appendFile(file, '');
  await core.summary.addRaw(summary).write();
}

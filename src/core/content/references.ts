import { posix } from 'node:path';
import type { MarkdownFile } from './markdown-file.ts';

/** A place where a document (or control) points at a control. */
export interface ControlReference {
  /** The control id referenced; null when a link targets a controls folder file that is no control. */
  id: string | null;
  via: 'link' | 'frontmatter';
  line: number;
  /** The link's text, for links. */
  text?: string;
  /** The link's raw target, for links. */
  target?: string;
  /** The target resolved against the content folder, when it is a path. */
  targetPath?: string;
  /** The `^[...]` annotation written right after the link. */
  annotation?: string;
  /** Why this reference does not resolve to a control; set when the content is linked. */
  problem?: string;
}

export interface ReferenceContext {
  /** Content-relative path of every control file → its id. */
  controlFiles: ReadonlyMap<string, string>;
  /** Content-relative folders that hold controls. */
  controlsDirs: readonly string[];
}

const LEADING_ID = /^\s*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+[A-Z]?)(?![A-Za-z0-9-])/;
const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;
const MARKDOWN_PATH = /\.mdx?$/i;

/** The control id a link text starts with, as in `[OPS-01: Change Management](...)`. */
export function leadingControlId(text: string): string | null {
  return LEADING_ID.exec(text)?.[1] ?? null;
}

/** Resolves a link target against the linking file; null for external or fragment-only targets. */
export function resolveTarget(fromPath: string, target: string): string | null {
  if (EXTERNAL.test(target) || target.startsWith('//')) return null;
  const pathPart = target.split(/[?#]/, 1)[0] ?? '';
  if (pathPart === '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  return decoded.startsWith('/')
    ? posix.normalize(decoded.slice(1))
    : posix.normalize(posix.join(posix.dirname(fromPath), decoded));
}

/** Reads a `^[annotation]` that follows position `offset` of `text`, allowing nested brackets. */
export function annotationAt(text: string, offset: number): string | undefined {
  const start = /^[ \t]*\^\[/.exec(text.slice(offset, offset + 64));
  if (!start) return undefined;
  let depth = 1;
  const from = offset + start[0].length;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return text.slice(from, i).replace(/\s+/g, ' ').trim();
    else if (c === '\n' && /^\n[ \t]*\n/.test(text.slice(i, i + 64))) break;
  }
  return undefined;
}

/** Every control reference in a file's body links; frontmatter `controls:` entries are added by the caller. */
export function linkReferences(file: MarkdownFile, ctx: ReferenceContext): ControlReference[] {
  const refs: ControlReference[] = [];
  for (const link of file.links) {
    const target = link.url;
    const text = link.text.trim();
    const targetPath = resolveTarget(file.path, target);
    if (targetPath === null && EXTERNAL.test(target)) continue;
    const fileId = targetPath !== null ? ctx.controlFiles.get(targetPath) : undefined;
    const textId = leadingControlId(text);
    const inControlsDir =
      targetPath !== null &&
      MARKDOWN_PATH.test(targetPath) &&
      ctx.controlsDirs.some((d) => targetPath.startsWith(`${d}/`));
    if (fileId === undefined && textId === null && !inControlsDir) continue;

    const ref: ControlReference = {
      id: fileId ?? textId,
      via: 'link',
      line: link.line + file.bodyFirstLine - 1,
      text,
      target,
    };
    if (targetPath !== null) ref.targetPath = targetPath;
    const annotation = annotationAt(link.source, link.end);
    if (annotation !== undefined) ref.annotation = annotation;
    if (fileId !== undefined && textId !== null && textId !== fileId) {
      ref.problem = `link text names ${textId} but its target ${target} is the file of ${fileId}`;
    } else if (fileId === undefined && targetPath !== null && MARKDOWN_PATH.test(targetPath)) {
      ref.problem = `link target ${target} is not a control file`;
    }
    refs.push(ref);
  }
  return refs;
}

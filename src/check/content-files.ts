import { lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ContentFile } from '../core/content/load.ts';
import { mdxSyntaxProblem } from '../core/content/mdx-syntax.ts';
import { UsageError, type Problem } from '../core/problems.ts';

/** Larger files are refused: no policy is this long, and parsing one would stall the build. */
export const MAX_CONTENT_BYTES = 2 * 1024 * 1024;
const MARKDOWN = /\.mdx?$/i;
const MDX = /\.mdx$/i;
/** Characters a URL path cannot carry as written: a page named with them could not be linked. */
const UNLINKABLE = /[#?%]/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads every markdown and MDX file under the content folder (or only under its `folders`, given
 * relative to it). Hidden folders and node_modules are skipped; a symlink that leaves the folder,
 * a binary file or an oversized one, text that is not UTF-8, an MDX syntax error and a name
 * with `#`, `?` or `%` are problems, and so is a content folder without any markdown file.
 *
 * Synchronous: the check worker, which has nothing else to do meanwhile, reads the content. A
 * thousand small files read directly take a tenth of the time they take through the thread
 * pool, which the other thread's evidence reads keep busy.
 */
export function readContentFiles(
  root: string,
  opts: { folders?: readonly string[] } = {},
): { files: ContentFile[]; problems: Problem[] } {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new UsageError(
      `content folder ${root} does not exist (set \`content:\` in docket.config.yaml ` +
        `or pass --content DIR)`,
    );
  }
  const found: { rel: string; full: string }[] = [];
  const problems: Problem[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          problems.push({ file: rel, line: 0, message: 'broken symbolic link' });
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) {
          problems.push({
            file: rel,
            line: 0,
            message: `symbolic link points outside the content folder (${target}); not read`,
          });
          continue;
        }
        isDir = lstatSync(target).isDirectory();
        if (isDir) continue; // a link back inside the folder is already walked
      }
      if (isDir) {
        walk(full);
        continue;
      }
      if (MARKDOWN.test(entry.name)) found.push({ rel, full });
    }
  };
  if (!opts.folders) {
    walk(root);
    if (found.length === 0)
      problems.push({
        file: root,
        line: 0,
        message:
          'the content folder holds no markdown or MDX file: controls and documents ' +
          'go here (`docket init` writes a starting set; set `content:` in docket.config.yaml ' +
          'or pass --content DIR if they are elsewhere)',
      });
  } else
    for (const folder of [...opts.folders].sort()) {
      try {
        walk(join(root, folder));
      } catch (err) {
        if (
          (err as NodeJS.ErrnoException).code !== 'ENOENT' &&
          (err as NodeJS.ErrnoException).code !== 'ENOTDIR'
        )
          throw err;
      }
    }
  const files: ContentFile[] = [];
  for (const { rel, full } of found) {
    const bad = UNLINKABLE.exec(rel);
    if (bad) {
      problems.push({
        file: rel,
        line: 0,
        message:
          `the name holds ${JSON.stringify(bad[0])}, which a link to its page ` +
          `cannot carry; rename the file (or folder) without #, ? or %`,
      });
      continue;
    }
    const bytes = readFileSync(full);
    if (bytes.length > MAX_CONTENT_BYTES) {
      problems.push({
        file: rel,
        line: 0,
        message:
          `file is ${bytes.length} bytes, over the ${MAX_CONTENT_BYTES}-byte ` +
          `limit for a content file`,
      });
    } else if (bytes.includes(0)) {
      problems.push({
        file: rel,
        line: 0,
        message: 'binary file (contains NUL bytes); not markdown',
      });
    } else {
      const text = decodeUtf8(bytes);
      if (typeof text !== 'string') {
        problems.push({
          file: rel,
          line: text.line,
          message:
            'not valid UTF-8 (Latin-1 or Windows-1252 perhaps): save the file as UTF-8; ' +
            'the site would show the bytes as replacement characters',
        });
        continue;
      }
      files.push({ path: rel, text });
      const mdx = MDX.test(rel) ? mdxSyntaxProblem(rel, text) : null;
      if (mdx) problems.push(mdx);
    }
  }
  return { files, problems };
}

/** The text, or the first line (1-based) holding bytes that are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | { line: number } {
  try {
    return decoder.decode(bytes);
  } catch {
    // A line feed is never part of a multi-byte sequence, so the lines can be decoded one by one.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return { line };
      }
      line++;
      start = i + 1;
    }
    return { line: 0 };
  }
}

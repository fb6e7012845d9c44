import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { runCli, tempDir } from './cli.ts';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const EXAMPLE_AS_OF = '2026-11-20';

/** A copy of the bundled example organisation (content, evidence, config) in a temp folder. */
export async function exampleOrg(): Promise<string> {
  const dir = await tempDir();
  for (const f of ['content', 'evidence', 'docket.config.yaml'])
    await cp(join(REPO, f), join(dir, f), { recursive: true });
  return dir;
}

/** Builds the site of an organisation folder into <dir>/<out>, failing on any error. */
export async function buildSite(dir: string, extra: string[] = [], out = 'dist'): Promise<string> {
  const r = await runCli(['build', '--as-of', EXAMPLE_AS_OF, '--out', out, ...extra], {
    cwd: dir,
    today: EXAMPLE_AS_OF,
  });
  if (r.code !== 0) throw new Error(`docket build failed (${r.code}):\n${r.stderr}`);
  return join(dir, out);
}

export async function page(dist: string, path: string): Promise<string> {
  return readFile(
    join(dist, path, path.endsWith('.html') || /\.[a-z]+$/.test(path) ? '' : 'index.html'),
    'utf8',
  );
}

export async function htmlFiles(dist: string): Promise<string[]> {
  return (await readdir(dist, { recursive: true }))
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.split(sep).join('/'))
    .sort();
}

/** Every internal href/src of every page that does not resolve to a file of the build. */
export async function brokenLinks(dist: string, base = '/'): Promise<string[]> {
  const broken: string[] = [];
  const exists = new Set(
    (await readdir(dist, { recursive: true })).map((f) => f.split(sep).join('/')),
  );
  for (const file of await htmlFiles(dist)) {
    const html = await readFile(join(dist, file), 'utf8');
    for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
      const raw = (m[1] as string).replace(/&amp;/g, '&');
      if (/^(?:[a-z]+:|#|\/\/)/i.test(raw)) continue;
      let target: string;
      if (raw.startsWith('/')) {
        if (!raw.startsWith(base)) {
          broken.push(`${file}: ${raw} (outside the base ${base})`);
          continue;
        }
        target = raw.slice(base.length);
      } else {
        target = relative('.', join(file, '..', raw));
      }
      const path = decodeURIComponent(target.split(/[?#]/)[0] as string).replace(/^\.\//, '');
      const ok =
        path === ''
          ? exists.has('index.html')
          : exists.has(path) || exists.has(`${path.replace(/\/$/, '')}/index.html`);
      if (!ok) broken.push(`${file}: ${raw}`);
    }
  }
  return broken;
}

export async function addFile(dir: string, path: string, text: string): Promise<void> {
  await writeFile(join(dir, path), text);
}

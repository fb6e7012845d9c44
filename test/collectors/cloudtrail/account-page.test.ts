import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GapsFile } from '../../../src/core/schemas/gaps.ts';
import {
  apiCall,
  assumeRole,
  assumedRole,
  BREAK_GLASS_ROLE,
  CI_ROLE,
  PROD,
  SSO_ROLE,
  writeTrail,
} from '../../../testkit/cloudtrail.ts';
import { runCli, tempDir } from '../../helpers/cli.ts';
import { buildSite, page } from '../../helpers/site.ts';

// The account page says, for each break-glass session, what an auditor needs: the post-mortem
// that covers it (linked), that it is still inside its window, that it is missing or late (the
// gap, linked), or that no control checks it at all.

const alice = assumedRole(SSO_ROLE, 'alice@acme.test');
const session = (time: string, name: string, change: string) => [
  assumeRole(time, alice, BREAK_GLASS_ROLE, name),
  apiCall({
    time: new Date(Date.parse(time) + 5 * 60_000).toISOString().replace('.000Z', 'Z'),
    name: 'ModifyDBInstance',
    source: 'rds.amazonaws.com',
    identity: assumedRole(BREAK_GLASS_ROLE, name),
    userAgent: 'aws-cli/2.17.0',
    id: change,
  }),
];

async function org(checks: boolean): Promise<string> {
  const root = await tempDir();
  await writeTrail(join(root, 'trail'), [
    ...session('2026-06-14T02:14:05Z', 'bg-june', 'june-change'),
    ...session('2026-08-03T10:00:00Z', 'bg-august', 'august-change'),
    ...session('2026-09-10T10:00:00Z', 'bg-september', 'september-change'),
    // Still inside its 24 h window on the as-of date.
    ...session('2026-11-20T08:00:00Z', 'bg-november', 'november-change'),
  ]);
  await writeFile(
    join(root, 'docket.config.yaml'),
    `period: { start: 2026-01-01, end: 2026-12-31 }\naws:\n  cloudtrail_dir: trail\n  accounts: { "${PROD}": { name: prod, environment: production } }\n  ci_principals: ["${CI_ROLE}"]\n  break_glass_roles: ["${BREAK_GLASS_ROLE}"]\n`,
  );
  await mkdir(join(root, 'content/controls'), { recursive: true });
  await mkdir(join(root, 'content/postmortems'), { recursive: true });
  const check = checks
    ? 'checks:\n  - { rule: break-glass-no-postmortem, within_hours: 24 }\n'
    : '';
  await writeFile(
    join(root, 'content/controls/iam-03.md'),
    `---\nid: IAM-03\ntitle: Break-glass access\nowner: security\n${check}---\nBreak-glass use is reviewed.\n`,
  );
  await writeFile(
    join(root, 'content/postmortems/june.md'),
    '---\ntype: postmortem\ntitle: June database failover\nowner: security\nsession: bg-june\ndate: 2026-06-14\n---\n# June\n',
  );
  await writeFile(
    join(root, 'content/postmortems/september.md'),
    '---\ntype: postmortem\ntitle: September deploy lock\nowner: security\nsession: bg-september\ndate: 2026-09-20\n---\n# September\n',
  );
  const collected = await runCli(['collect'], { cwd: root });
  if (collected.code !== 0) throw new Error(collected.stderr);
  return root;
}

/** The timeline entry of each session, by session name. */
function sessions(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of html.split('<li id="cloudtrail-').slice(1)) {
    const name = /session <code>([^<]+)<\/code>/.exec(item)?.[1];
    if (name) out[name] = item.slice(0, item.indexOf('</li>'));
  }
  return out;
}

describe('account page: the post-mortem state of each break-glass session', () => {
  it('found (linked), missing and late (the gap, linked), pending while the window is open', async () => {
    const root = await org(true);
    const dist = await buildSite(root);
    const gaps = (
      JSON.parse(await readFile(join(dist, 'gaps.json'), 'utf8')) as GapsFile
    ).gaps.filter((g) => g.rule === 'break-glass-no-postmortem');
    expect(gaps.map((g) => g.title.split(':')[0]).sort()).toEqual([
      'Break-glass session bg-august in 111111111111 at 2026-08-03T10',
      'Break-glass session bg-september in 111111111111 at 2026-09-10T10',
    ]);
    const s = sessions(await page(dist, `evidence/accounts/${PROD}`));
    expect(Object.keys(s).sort()).toEqual(['bg-august', 'bg-june', 'bg-november', 'bg-september']);
    expect(s['bg-june']).toMatch(
      /data-postmortem="found"><span class="badge passes">Post-mortem found<\/span> <a href="\/documents\/postmortems\/june\/">June database failover<\/a>/,
    );
    const august = gaps.find((g) => g.title.includes('bg-august'));
    const september = gaps.find((g) => g.title.includes('bg-september'));
    expect(s['bg-august']).toContain(
      `data-postmortem="missing"><span class="badge gap">No post-mortem</span>`,
    );
    expect(s['bg-august']).toContain(`<a href="/controls/iam-03/#gap-${august!.id}">`);
    expect(s['bg-september']).toContain(
      `data-postmortem="late"><span class="badge gap">Post-mortem late</span>`,
    );
    expect(s['bg-september']).toContain(`<a href="/controls/iam-03/#gap-${september!.id}">`);
    expect(s['bg-september']).toContain('postmortems/september.md is dated 2026-09-20');
    expect(s['bg-november']).toMatch(
      /data-postmortem="pending"><span class="badge due-soon">Post-mortem pending<\/span> none yet; due by 2026-11-21 09:00 UTC/,
    );
    for (const text of Object.values(s)) expect(text.match(/data-postmortem=/g)).toHaveLength(1);
  }, 120_000);

  it('not checked when no control checks break-glass-no-postmortem, still linking a post-mortem that names the session', async () => {
    const dist = await buildSite(await org(false));
    const s = sessions(await page(dist, `evidence/accounts/${PROD}`));
    for (const name of ['bg-june', 'bg-august', 'bg-september', 'bg-november']) {
      expect(s[name]).toMatch(
        /data-postmortem="not-checked"><span class="badge no-evidence">Not checked<\/span> no control checks break-glass-no-postmortem/,
      );
      expect(s[name]).not.toContain('Post-mortem found');
    }
    expect(s['bg-june']).toContain(
      '; post-mortem: <a href="/documents/postmortems/june/">June database failover</a>',
    );
  }, 120_000);
});

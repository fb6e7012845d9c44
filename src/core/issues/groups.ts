import { createHash } from 'node:crypto';
import type { Control } from '../content/load.ts';
import type { Gap } from '../schemas/gaps.ts';
import { SEVERITIES, type Severity } from '../schemas/common.ts';
import type { DocketConfig } from '../schemas/config.ts';
import type { Rule } from '../rule.ts';

/** The hidden marker that makes an issue Docket's: only issues carrying one are edited or closed. */
export const MARKER_PREFIX = '<!-- docket:group=';
const MARKER = /<!-- docket:group=([0-9a-f]{16}) -->/;

/** How many subjects an issue body lists before linking to the site for the rest. */
export const LISTED_SUBJECTS = 50;

/** One GitHub issue's worth of gaps: all gaps of one rule for one control. */
export interface IssueGroup {
  fingerprint: string;
  control: string | null;
  rule: string;
  severity: Severity;
  title: string;
  body: string;
  labels: string[];
  subjects: string[];
}

export function groupFingerprint(control: string | null, rule: string): string {
  return createHash('sha256')
    .update(`docket-group\u0000${control ?? ''}\u0000${rule}`)
    .digest('hex')
    .slice(0, 16);
}

export function markerOf(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

/** Where a gap's subject is seen: GitHub for pull requests and deployments, the site for the rest. */
export function subjectLink(subject: string, siteUrl: string | null): string | null {
  const pr = /^github:([^#]+)#(\d+)$/.exec(subject);
  if (pr) return `https://github.com/${pr[1]}/pull/${pr[2]}`;
  const deploy = /^deploy:([^@]+)@/.exec(subject);
  if (deploy) return `https://github.com/${deploy[1]}/deployments`;
  if (!siteUrl) return null;
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  if (subject.startsWith('doc:'))
    return `${base}documents/${subject
      .slice(4)
      .replace(/\.mdx?$/i, '')
      .split('/')
      .map(encodeURIComponent)
      .join('/')}/`;
  if (subject.startsWith('control:')) return `${base}controls/${subject.slice(8).toLowerCase()}/`;
  return null;
}

/** The site page listing exactly a group's gaps (gaps of no control have a page per rule). */
export function groupPage(
  control: string | null,
  rule: string,
  siteUrl: string | null,
): string | null {
  if (!siteUrl) return null;
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  return control
    ? `${base}gaps/control/${control.toLowerCase()}/${rule}/`
    : `${base}gaps/no-control/${rule}/`;
}

/**
 * Groups gaps by (control, rule) into issue contents. Everything in a body comes from the gaps
 * and the content, nothing from the clock, so an unchanged group gives an unchanged body.
 */
export function issueGroups(
  gaps: readonly Gap[],
  controls: readonly Control[],
  rules: ReadonlyMap<string, Rule>,
  config: DocketConfig,
): IssueGroup[] {
  const byControl = new Map(controls.map((c) => [c.id, c]));
  const groups = new Map<string, Gap[]>();
  for (const g of gaps) {
    const key = `${g.control ?? ''}\u0000${g.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  const siteUrl = config.site.url ?? null;
  const baseLabels = config.issues?.labels ?? ['compliance-gap'];
  return [...groups.values()]
    .map((list) => {
      const { control: controlId, rule: ruleId } = list[0] as Gap;
      const control = controlId ? byControl.get(controlId) : undefined;
      const rule = rules.get(ruleId);
      const severity = SEVERITIES.find((s) => list.some((g) => g.severity === s)) ?? 'low';
      const fingerprint = groupFingerprint(controlId, ruleId);
      const owner = control?.owner ?? null;
      const mention = owner ? config.issues?.mentions[owner] : undefined;
      const page = groupPage(controlId, ruleId, siteUrl);
      const sorted = [...list].sort((a, b) =>
        a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.id < b.id ? -1 : 1,
      );
      const items = sorted.slice(0, LISTED_SUBJECTS).map((g) => {
        const link = subjectLink(g.subject, siteUrl);
        const subject = link ? `[\`${g.subject}\`](${link})` : `\`${g.subject}\``;
        return `- [ ] ${escapeMarkdown(g.title)} (${subject})`;
      });
      const more = sorted.length - LISTED_SUBJECTS;
      const title = control
        ? `${control.id} ${control.title}: ${rule?.title ?? ruleId} (${ruleId})`
        : `${rule?.title ?? ruleId} (${ruleId})`;
      const body = [
        `${MARKER_PREFIX}${fingerprint} -->`,
        `**${control ? `${control.id} ${escapeMarkdown(control.title)}` : 'No control'}** · ` +
          `rule \`${ruleId}\` · severity **${severity}** · ` +
          `${sorted.length} ${sorted.length === 1 ? 'gap' : 'gaps'}`,
        '',
        rule?.description ?? '',
        '',
        `Owner: ${owner ? (mention ?? `\`${owner}\``) : 'none (no control)'}`,
        '',
        '### Gaps',
        '',
        ...items,
        ...(more > 0
          ? [
              '',
              page
                ? `…and ${more} more: [all gaps of this group](${page})`
                : `…and ${more} more (see \`docket check\`).`,
            ]
          : []),
        '',
        '### How to resolve',
        '',
        rule?.remedy ?? 'Fix the gaps listed above.',
        '',
        'To accept the risk instead, close this issue as **not planned** with the reason ' +
          'in a comment: Docket leaves it closed and shows the group as accepted risk ' +
          'on the site.',
        '',
        '<sub>Opened and kept current by Docket; edits to this description are overwritten ' +
          'on the next run, comments are kept.</sub>',
      ].join('\n');
      const labels = [
        ...baseLabels,
        `severity:${severity}`,
        ...(controlId ? [`control:${controlId}`] : []),
      ];
      return {
        fingerprint,
        control: controlId,
        rule: ruleId,
        severity,
        title,
        body,
        labels,
        subjects: sorted.map((g) => g.subject),
      };
    })
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}

/** Text of a gap title as markdown that renders literally (PR titles are not trusted). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&').replace(/@/g, '@\u200b');
}

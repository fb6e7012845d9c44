import { posix } from 'node:path';
import type { Control } from './content/load.ts';
import {
  markerFor,
  markerIndex,
  BACKLINKS_MARKER,
  BACKLINKS_MARKER_MDX,
} from './content/backlinks-marker.ts';

/** The generated backlinks section for a control: every referencing document with its annotation. */
export function renderBacklinks(control: Control): string {
  const from = posix.dirname(control.path);
  const lines = ['## Backlinks', ''];
  if (control.backlinks.length === 0) lines.push('No document references this control yet.');
  for (const b of control.backlinks) {
    const href = posix.relative(from, b.document).split('/').map(encodeURIComponent).join('/');
    const label = b.title.replace(/[[\]\\]/g, '\\$&');
    lines.push(
      `- [${label}](${href})${b.type ? ` (${b.type})` : ''}${b.annotation ? ` ^[${b.annotation}]` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The file text with everything after the marker replaced by `section`; the marker is appended if missing. */
export function applyBacklinks(text: string, path: string, section: string): string {
  const at = markerIndex(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = section.replace(/\n/g, eol);
  if (at >= 0) {
    const marker = text.startsWith(BACKLINKS_MARKER, at) ? BACKLINKS_MARKER : BACKLINKS_MARKER_MDX;
    return `${text.slice(0, at + marker.length)}${eol}${eol}${body}`;
  }
  const trimmed = text.replace(/\s+$/, '');
  return `${trimmed}${eol}${eol}${markerFor(path)}${eol}${eol}${body}`;
}

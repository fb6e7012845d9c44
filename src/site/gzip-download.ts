import { gzipSync } from 'node:zlib';

// Downloads meant for programs (a population's JSON, a sample's record index) are published
// gzip-compressed: a large organisation's population JSON was 75 MiB of its site, a tenth of
// that compressed, and GitHub Pages refuses a site over 1 GB. Spreadsheet CSV stays plain.

/** A static route's answer: the text gzip-compressed (no name or time in the header, so stable). */
export function gzipDownload(text: string): Response {
  return new Response(gzipSync(text, { level: 9 }), {
    headers: { 'content-type': 'application/gzip' },
  });
}

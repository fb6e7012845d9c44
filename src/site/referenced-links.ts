import { recordFileOf } from '../core/evidence-items.ts';

/**
 * The evidence links (a subject → its record's page and anchor, `file:<path>` → the file's first
 * page) that remember which records the site's views asked for: the records some population,
 * gap, account, repository or record page refers to. The store files holding none of them need
 * no page per record (`site.record_pages: referenced`).
 */
export class ReferencedLinks extends Map<string, string> {
  readonly #asked = new Set<string>();

  override get(key: string): string | undefined {
    const link = super.get(key);
    if (link !== undefined && !key.startsWith('file:')) this.#asked.add(link);
    return link;
  }

  /** The store file of a subject's record (not counted as asked for), else null. */
  fileOf(subject: string): string | null {
    const link = super.get(subject);
    return link === undefined ? null : recordFileOf(link);
  }

  /** The store files that hold a record some view asked for. */
  referencedFiles(): Set<string> {
    return new Set([...this.#asked].flatMap((link) => recordFileOf(link) ?? []));
  }
}

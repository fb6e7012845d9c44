import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { contentDir, siteData } from './site/data.ts';

// The core has already validated and cross-linked everything; these collections only hand its
// model to the pages, plus the markdown files themselves so Astro renders documents (MD and MDX).
export const collections = {
  controls: defineCollection({ loader: async () => siteData().controls }),
  documents: defineCollection({ loader: async () => siteData().documents.map((d) => ({ ...d, id: d.path })) }),
  markdown: defineCollection({
    loader: glob({ pattern: ['**/*.md', '**/*.mdx', '!**/node_modules/**'], base: contentDir(), generateId: ({ entry }) => entry }),
  }),
};

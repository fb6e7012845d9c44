import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { contentDir, siteData } from 'virtual:docket/site-data';

// The core has already validated and cross-linked everything; these collections hand its model
// to the pages, and the markdown itself to Astro so that documents (MD and MDX) render.
export const collections = {
  // Populations can hold tens of thousands of rows: pages read them from the site data.
  controls: defineCollection({
    loader: async () =>
      siteData.controls.map((c) => ({
        ...c,
        populations: c.populations.map((p) => ({ ...p, items: [] })),
      })),
  }),
  documents: defineCollection({
    loader: async () => siteData.documents.map((d) => ({ ...d, id: d.path })),
  }),
  markdown: defineCollection({
    loader: glob({
      pattern: ['**/*.md', '**/*.mdx', '!**/node_modules/**'],
      base: contentDir,
      generateId: ({ entry }) => entry,
    }),
  }),
  // A control's statement without the generated backlinks section (its page lists them itself).
  narratives: defineCollection({
    loader: {
      name: 'docket-control-narratives',
      async load({ store, renderMarkdown }) {
        store.clear();
        for (const c of siteData.controls)
          store.set({
            id: c.id,
            data: { id: c.id },
            body: c.narrative,
            rendered: await renderMarkdown(c.narrative),
          });
      },
    },
  }),
};

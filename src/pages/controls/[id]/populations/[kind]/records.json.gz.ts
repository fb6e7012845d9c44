import type { APIRoute } from 'astro';
import { populationRows, siteData } from 'virtual:docket/site-data';
import { gzipDownload } from '../../../../../site/gzip-download.ts';
import { href } from '../../../../../site/href.ts';
import type {
  SiteControlHead,
  SitePopulationHead,
} from '../../../../../site/view-models/controls.ts';
import { populationRoutes } from '../../../../../site/view-models/populations.ts';

// Each population row's evidence record page, in row order: a drawn sample links its items to
// their records with it (the population JSON stays what `docket export` writes).
export function getStaticPaths() {
  return populationRoutes(siteData.controls);
}

export const GET: APIRoute<{ control: SiteControlHead; population: SitePopulationHead }> = ({
  props: { control, population },
}) =>
  gzipDownload(
    JSON.stringify(
      populationRows(control.id, population.kind).map((i) =>
        i.evidence ? href(i.evidence) : null,
      ),
    ),
  );

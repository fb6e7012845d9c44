import type { APIRoute } from 'astro';
import { toJson } from '../../../../core/export.ts';
import { gzipDownload } from '../../../../site/gzip-download.ts';
import { populationRows, siteData } from 'virtual:docket/site-data';
import type { SiteControlHead, SitePopulationHead } from '../../../../site/view-models/controls.ts';
import { populationRoutes, withRows } from '../../../../site/view-models/populations.ts';

export function getStaticPaths() {
  return populationRoutes(siteData.controls);
}

export const GET: APIRoute<{ control: SiteControlHead; population: SitePopulationHead }> = ({
  props: { control, population },
}) =>
  gzipDownload(
    toJson(
      control.id,
      withRows(population, populationRows(control.id, population.kind)),
      siteData.period,
    ),
  );

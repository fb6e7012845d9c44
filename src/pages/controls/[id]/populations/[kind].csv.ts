import type { APIRoute } from 'astro';
import { populationTable, toCsv } from '../../../../core/export.ts';
import { populationRows, siteData } from 'virtual:docket/site-data';
import type { SiteControlHead, SitePopulationHead } from '../../../../site/view-models/controls.ts';
import { populationRoutes, withRows } from '../../../../site/view-models/populations.ts';

export function getStaticPaths() {
  return populationRoutes(siteData.controls);
}

export const GET: APIRoute<{ control: SiteControlHead; population: SitePopulationHead }> = ({
  props: { control, population },
}) =>
  new Response(
    toCsv(populationTable(withRows(population, populationRows(control.id, population.kind)))),
    { headers: { 'content-type': 'text/csv; charset=utf-8' } },
  );

import type { APIRoute } from 'astro';
import { populationTable, toCsv } from '../../../../core/export.ts';
import type { SiteControl, SitePopulation } from '../../../../core/site-data.ts';
import { siteData } from '../../../../site/data.ts';

export function getStaticPaths() {
  return siteData().controls.flatMap((control) =>
    control.populations.map((population) => ({
      params: { id: control.id.toLowerCase(), kind: population.kind },
      props: { control, population },
    })),
  );
}

export const GET: APIRoute<{ control: SiteControl; population: SitePopulation }> = ({ props }) =>
  new Response(toCsv(populationTable(props.population)), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });

import type { APIRoute } from 'astro';
import { toJson } from '../../../../core/export.ts';
import { siteData } from 'virtual:docket/site-data';
import type { SiteControl, SitePopulation } from '../../../../site/view-models/controls.ts';
import { populationsOf } from '../../../../site/view-models/populations.ts';

export function getStaticPaths() {
  return populationsOf(siteData.controls).map(({ control, population }) => ({
    params: { id: control.id.toLowerCase(), kind: population.kind },
    props: { control, population },
  }));
}

export const GET: APIRoute<{ control: SiteControl; population: SitePopulation }> = ({ props }) =>
  new Response(toJson(props.control.id, props.population, siteData.period), {
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

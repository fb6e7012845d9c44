import type { APIRoute } from 'astro';
import { siteData } from 'virtual:docket/site-data';
import { href } from '../../../../../site/href.ts';
import type { SitePopulation } from '../../../../../site/view-models/controls.ts';
import { populationsOf } from '../../../../../site/view-models/populations.ts';

// Each population row's evidence record page, in row order: a drawn sample links its items to
// their records with it (the population JSON stays what `docket export` writes).
export function getStaticPaths() {
  return populationsOf(siteData.controls).map(({ control, population }) => ({
    params: { id: control.id.toLowerCase(), kind: population.kind },
    props: { population },
  }));
}

export const GET: APIRoute<{ population: SitePopulation }> = ({ props }) =>
  new Response(
    JSON.stringify(props.population.items.map((i) => (i.evidence ? href(i.evidence) : null))),
    { headers: { 'content-type': 'application/json; charset=utf-8' } },
  );

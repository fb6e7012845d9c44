import type {
  ControlPopulation,
  PopulationRow,
} from '../../core/populations/control-populations.ts';
import type { SiteControlHead, SitePopulationHead } from './controls.ts';

/** Where a population's rows are written, relative to the site data file's folder. */
export function populationFile(control: string, kind: string): string {
  return `populations/${control.toLowerCase()}/${kind}.json`;
}

// A control's population pages: every item, a page at a time, and its CSV and JSON downloads.

/** Population rows per page on a control's full population pages. */
export const POPULATION_PAGE_SIZE = 100;

export interface PopulationPage {
  control: SiteControlHead;
  population: SitePopulationHead;
  /** 1-based. */
  page: number;
  pages: number;
}

/** Every control's populations, each with its control. */
export function populationsOf<C extends { populations: readonly unknown[] }>(
  controls: readonly C[],
): { control: C; population: C['populations'][number] }[] {
  return controls.flatMap((control) =>
    control.populations.map((population) => ({ control, population })),
  );
}

/** The routes of a population's downloads (CSV, JSON, records): one per control and kind. */
export function populationRoutes(controls: readonly SiteControlHead[]) {
  return populationsOf(controls).map(({ control, population }) => ({
    params: { id: control.id.toLowerCase(), kind: population.kind },
    props: { control, population },
  }));
}

/** Every page of every population (its rows are read by the page: pageRows). */
export function populationPages(controls: readonly SiteControlHead[]): PopulationPage[] {
  return populationsOf(controls).flatMap(({ control, population }) => {
    const pages = Math.max(1, Math.ceil(population.size / POPULATION_PAGE_SIZE));
    return Array.from({ length: pages }, (_, i) => ({ control, population, page: i + 1, pages }));
  });
}

/** The rows of a population's page (1-based) among all its rows. */
export function pageRows(rows: readonly PopulationRow[], page: number): PopulationRow[] {
  return rows.slice((page - 1) * POPULATION_PAGE_SIZE, page * POPULATION_PAGE_SIZE);
}

/** A population whole again, from its head and its rows (for the downloads, as export writes). */
export function withRows(population: SitePopulationHead, rows: PopulationRow[]): ControlPopulation {
  const { size: _size, preview: _preview, ...head } = population;
  return { ...head, items: rows };
}

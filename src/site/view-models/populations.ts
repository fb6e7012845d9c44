import type {
  ControlPopulation,
  PopulationRow,
} from '../../core/populations/control-populations.ts';
import type { SiteControl } from './controls.ts';

// A control's population pages: every item, a page at a time, and its CSV and JSON downloads.

/** Population rows per page on a control's full population pages. */
export const POPULATION_PAGE_SIZE = 100;

export interface PopulationPage {
  control: SiteControl;
  population: ControlPopulation;
  /** 1-based. */
  page: number;
  pages: number;
  rows: PopulationRow[];
}

/** Every control's populations, each with its control. */
export function populationsOf(
  controls: readonly SiteControl[],
): { control: SiteControl; population: ControlPopulation }[] {
  return controls.flatMap((control) =>
    control.populations.map((population) => ({ control, population })),
  );
}

/** Every page of every population. */
export function populationPages(controls: readonly SiteControl[]): PopulationPage[] {
  return populationsOf(controls).flatMap(({ control, population }) => {
    const pages = Math.max(1, Math.ceil(population.items.length / POPULATION_PAGE_SIZE));
    return Array.from({ length: pages }, (_, i) => ({
      control,
      population,
      page: i + 1,
      pages,
      rows: population.items.slice(i * POPULATION_PAGE_SIZE, (i + 1) * POPULATION_PAGE_SIZE),
    }));
  });
}

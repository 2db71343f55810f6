// A small typed view over the generated operation types: what a dashboard reads from one Dashboard answer.
// Nothing here is `any`: every field read is typed by graphql-codegen from api/schema.graphql, and the
// nullable root fields (a failing field answers null beside its error) are handled.
import type { DashboardQuery, SearchQuery } from "../generated/operations";

export interface StreetRow { id: string; name: string; population: number | null; households: number | null }

export interface DashboardView {
  district: string;
  streets: StreetRow[];
  compoundsShown: number;
  compoundsTotal: number;
  nextPage: string | null;
  residentsOutOfCanteenReach: number;
  residentsInCompounds: number;
  gapsByStreet: { street: string; compounds: number; residents: number }[];
  asOf: string | null;
  strongestTie: { source: string; target: string; weight: number } | null;
}

export function dashboardView(data: DashboardQuery): DashboardView {
  const streets: StreetRow[] = (data.streets?.nodes ?? []).map((s) => ({
    id: s.id, name: s.name, population: s.population ?? null, households: s.households ?? null,
  }));
  const compounds = data.compounds;
  const gaps = data.canteenGaps;
  // every gap of the district (not only the page shown), counted by the server
  const residents = gaps?.aggregate.population?.sum ?? 0;
  const gapsByStreet = (gaps?.byStreet ?? []).map((g) => ({
    street: g.area?.name ?? g.key ?? "", compounds: g.aggregate.count, residents: g.aggregate.population?.sum ?? 0,
  }));
  const edges = [...(data.network?.edges ?? [])].sort((a, b) => b.weight - a.weight);
  const top = edges[0];
  return {
    district: data.district?.name ?? "",
    streets,
    compoundsShown: compounds?.edges.length ?? 0,
    compoundsTotal: compounds?.totalCount ?? 0,
    nextPage: compounds?.pageInfo.hasNextPage ? compounds.pageInfo.endCursor ?? null : null,
    residentsOutOfCanteenReach: residents,
    residentsInCompounds: compounds?.aggregate.population?.sum ?? 0,
    gapsByStreet,
    asOf: gaps?.asOf ?? data.network?.asOf ?? null,
    strongestTie: top ? { source: top.source, target: top.target, weight: top.weight } : null,
  };
}

export function hitNames(data: SearchQuery): string[] {
  return (data.search?.edges ?? []).map((e) => `${e.node.name} (${e.node.kind})`);
}

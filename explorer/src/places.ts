// Where a node is: its chain of areas (for breadcrumbs and "street › community" in search hits).
export interface AreaRef { id: string; name: string; kind: string; parent?: AreaRef | null }

// Five levels above a node at most (compound → community → street → district → city).
export const AREA_CHAIN = `fragment AreaChain on Area { id name kind parent { id name kind parent { id name kind parent { id name kind parent { id name kind } } } } }`;

/** The areas from the top (city) down to `area`. */
export function chain(area: AreaRef | null | undefined): AreaRef[] {
  const out: AreaRef[] = [];
  for (let a = area; a; a = a.parent ?? null) out.unshift(a);
  return out;
}

/** The node's own area chain: an area's parents, an organisation's BASED_IN, a facility's LOCATED_IN … */
export function placeOf(node: any): AreaRef[] {
  if (!node) return [];
  if (node.parent !== undefined && node.parent !== null && "kind" in node.parent && !node.basedIn) return chain(node.parent);
  const area = node.basedIn ?? node.locatedIn ?? node.reportedIn ?? node.posts?.nodes?.[0]?.basedIn ?? node.parent ?? null;
  return chain(area);
}

/** "street › community" (or the lowest two levels there are below the district). */
export function placeText(areas: AreaRef[]): string {
  const street = areas.find((a) => a.kind === "Street");
  const community = areas.find((a) => a.kind === "Community");
  const parts = [street, community].filter(Boolean) as AreaRef[];
  if (parts.length) return parts.map((a) => a.name).join(" › ");
  return areas.filter((a) => a.kind !== "City").map((a) => a.name).join(" › ");
}

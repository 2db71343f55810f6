// The explorer's only way to the data: POST /graphql on the server the page came from.
export interface Asked { query: string; variables: Record<string, unknown> }

export class ApiError extends Error {}

/** What each panel last asked, so "show the GraphQL query" shows exactly that. */
export const asked = new Map<string, Asked[]>();

export async function gql<T = any>(panel: string, query: string, variables: Record<string, unknown> = {},
  opts: { append?: boolean; signal?: AbortSignal } = {}): Promise<T> {
  const list = opts.append ? (asked.get(panel) ?? []) : [];
  if (!list.some((a) => a.query === query && JSON.stringify(a.variables) === JSON.stringify(variables))) {
    list.push({ query, variables });
  }
  asked.set(panel, list.slice(-20));
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
      signal: opts.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(`the server does not answer (${(error as Error).message})`);
  }
  let body: any;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`the server answered ${response.status} without JSON`);
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e: any) => e.message).join("; "));
  if (!response.ok) throw new ApiError(`the server answered ${response.status}`);
  return body.data as T;
}

/** Every page of a connection (first ≤ 100), following endCursor; `pick` finds the connection in the answer. */
export async function allPages<N>(panel: string, query: string, variables: Record<string, unknown>,
  pick: (data: any) => { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount?: number },
  opts: { max?: number; signal?: AbortSignal; onPage?: (got: number, total?: number) => void } = {}):
  Promise<{ nodes: N[]; totalCount?: number }> {
  const nodes: N[] = [];
  let after: string | null = null;
  let totalCount: number | undefined;
  let first = true;
  for (;;) {
    // A query declaring $withTotal asks for totalCount (a count query) on its first page only.
    const total = query.includes("$withTotal") ? { withTotal: first } : {};
    const data = await gql(panel, query, { ...variables, ...total, after }, { append: !first, signal: opts.signal });
    first = false;
    const page = pick(data);
    nodes.push(...page.nodes);
    if (page.totalCount !== undefined) totalCount = page.totalCount;
    opts.onPage?.(nodes.length, totalCount);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
    if (opts.max !== undefined && nodes.length >= opts.max) break;
    after = page.pageInfo.endCursor;
  }
  return { nodes, totalCount };
}

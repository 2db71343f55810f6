// The explorer's only way to the data: POST /graphql on the server the page came from.
export interface Asked { query: string; variables: Record<string, unknown> }

export class ApiError extends Error {}

// Access (docs/access.md): the server wants `Authorization: Bearer <token>`. The token of a login (POST
// /auth/login, a few hours) is kept in localStorage; a 401 asks for the user name and password again.
const TOKEN_KEY = "govgraph.token";
let loggingIn: Promise<void> | null = null;

function authHeaders(): Record<string, string> {
  const token = localStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Show the login form until a user name and password give a token (one form for every waiting request). */
export function login(): Promise<void> {
  loggingIn ??= new Promise<void>((resolve) => {
    const form = document.createElement("form");
    form.setAttribute("data-testid", "login");
    Object.assign(form.style, { position: "fixed", inset: "0", display: "flex", flexDirection: "column",
      alignItems: "center", justifyContent: "center", gap: "8px", background: "rgba(255,255,255,0.96)",
      zIndex: "10000" });
    const title = document.createElement("h2");
    title.textContent = "govgraph — 登录 / log in";
    const user = document.createElement("input");
    user.name = "user"; user.placeholder = "user"; user.autocomplete = "username";
    const password = document.createElement("input");
    password.name = "password"; password.type = "password"; password.placeholder = "password";
    password.autocomplete = "current-password";
    const button = document.createElement("button");
    button.type = "submit"; button.textContent = "登录 / log in";
    const message = document.createElement("p");
    form.append(title, user, password, button, message);
    form.onsubmit = async (event) => {
      event.preventDefault();
      message.textContent = "";
      try {
        const response = await fetch("/auth/login", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ user: user.value, password: password.value }),
        });
        const body = await response.json();
        if (!response.ok || !body.token) {
          message.textContent = body.errors?.[0]?.message ?? `the server answered ${response.status}`;
          return;
        }
        localStorage.setItem(TOKEN_KEY, body.token);
        form.remove();
        loggingIn = null;
        resolve();
      } catch (error) {
        message.textContent = `the server does not answer (${(error as Error).message})`;
      }
    };
    document.body.append(form);
    user.focus();
  });
  return loggingIn;
}

/** What each panel last asked, so "show the GraphQL query" shows exactly that. */
export const asked = new Map<string, Asked[]>();

const RATE_LIMIT_RETRIES = 10;

export async function gql<T = any>(panel: string, query: string, variables: Record<string, unknown> = {},
  opts: { append?: boolean; signal?: AbortSignal; retries?: number } = {}): Promise<T> {
  const list = opts.append ? (asked.get(panel) ?? []) : [];
  if (!list.some((a) => a.query === query && JSON.stringify(a.variables) === JSON.stringify(variables))) {
    list.push({ query, variables });
  }
  asked.set(panel, list.slice(-20));
  let response: Response;
  try {
    const send = () => fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...authHeaders() },
      body: JSON.stringify({ query, variables }),
      signal: opts.signal,
    });
    response = await send();
    if (response.status === 401) {  // no token, or it expired or was revoked: log in, then ask again
      localStorage.removeItem(TOKEN_KEY);
      await login();
      response = await send();
    }
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
  // An identity asks only a few area-wide questions at once (docs/access.md): when that is all that went
  // wrong, ask again after the time the server names (the dashboard asks several at once).
  const limited = body.errors?.length && body.errors.every((e: any) => e.extensions?.code === "RATE_LIMITED");
  if (limited && (opts.retries ?? 0) < RATE_LIMIT_RETRIES) {
    const wait = Math.max(...body.errors.map((e: any) => Number(e.extensions?.retryAfter) || 1));
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    return gql<T>(panel, query, variables, { ...opts, append: true, retries: (opts.retries ?? 0) + 1 });
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

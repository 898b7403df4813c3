export type RouteHandler = (
  request: Request,
  route: { params: Promise<Record<string, string | string[]>> },
) => Response | Promise<Response>;

export type ApiCall = {
  token?: string;
  json?: unknown;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export type ApiError = {
  code: string;
  message: string;
  details?: {
    fields?: Record<string, string[]>;
    currentVersion?: number;
    changes?: { field: string; from: unknown; to: unknown; by?: string; at?: string }[];
  };
};

export type ApiAnswer = {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: unknown; error?: ApiError; nextCursor?: string | null };
};

// A route handler called as Next calls it: a real Request, the dynamic segments as a promise.
export async function callRoute(
  handler: RouteHandler,
  method: string,
  path: string,
  call: ApiCall = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.Authorization = `Bearer ${call.token}`;
  const body = call.json !== undefined ? JSON.stringify(call.json) : call.body;
  if (body !== undefined) headers["Content-Type"] = call.contentType ?? "application/json";
  const response = await handler(new Request(`http://watchdesk.test${path}`, { method, headers, body }), {
    params: Promise.resolve(call.params ?? {}),
  });
  const text = await response.text();
  let parsed: ApiAnswer["body"] = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = {};
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/**
 * The browser's side of the BFF: same-origin `/api/...` (Traefik in the cluster, the portal's own
 * /api route in local dev), the session cookie, and Django's CSRF token on unsafe methods.
 */
import { ApiError, apiErrorFromResponse, unreachableError } from "./problem";

const CSRF_COOKIE = "csrftoken";

export function readCookie(cookieHeader: string, name: string): string | null {
  for (const part of cookieHeader.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** The CSRF token: the cookie when readable, otherwise fresh from GET /api/auth/csrf. */
export async function csrfToken({ fresh = false } = {}): Promise<string> {
  if (!fresh) {
    const fromCookie = readCookie(document.cookie, CSRF_COOKIE);
    if (fromCookie) return fromCookie;
  }
  const response = await fetch("/api/auth/csrf", { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw await apiErrorFromResponse(response);
  const body = (await response.json()) as { csrf_token?: string };
  const token = body.csrf_token ?? readCookie(document.cookie, CSRF_COOKIE);
  if (!token) throw unreachableError("The server did not hand out a CSRF token.");
  return token;
}

export interface SendOptions {
  method?: "POST" | "PUT" | "PATCH" | "DELETE";
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Give up after this long (network errors and timeouts become ApiError with status 0). */
  timeoutMs?: number;
}

export interface Sent<T> {
  data: T;
  response: Response;
}

async function sendOnce(path: string, options: SendOptions, token: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "X-CSRFToken": token,
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form; // the browser sets the multipart boundary
  } else if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  try {
    return await fetch(path, {
      method: options.method ?? "POST",
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
  } catch {
    throw unreachableError();
  }
}

/**
 * An unsafe request to the BFF. A 403 is retried once with a fresh CSRF token (Django rotates it
 * at sign-in); every other failure is thrown as ApiError carrying the problem.
 */
export async function send<T = unknown>(path: string, options: SendOptions = {}): Promise<Sent<T>> {
  let response = await sendOnce(path, options, await csrfToken());
  if (response.status === 403) {
    response = await sendOnce(path, options, await csrfToken({ fresh: true }));
  }
  if (!response.ok) throw await apiErrorFromResponse(response);
  const text = response.status === 204 ? "" : await response.text();
  return { data: (text ? JSON.parse(text) : null) as T, response };
}

export { ApiError };

/**
 * RFC 9457 problem details from the BFF and what a form does with them: every message in
 * `errors` lands next to its field, the rest in the form's summary.
 */

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** A non-2xx answer from the BFF, or no answer at all (`status` 0: network error or timeout). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from a 429's Retry-After header. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.status === "number" && typeof v.title === "string";
}

function cleanErrors(raw: unknown): Record<string, string[]> | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(raw as Record<string, unknown>)) {
    const list = (Array.isArray(messages) ? messages : [messages]).filter(
      (m): m is string => typeof m === "string" && m.length > 0,
    );
    if (list.length) out[field] = list;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The problem a failed response carries; a body that is not problem+json still gives one. */
export async function problemFromResponse(response: Response): Promise<Problem> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML error page, an empty 502): describe it by its status.
  }
  if (isProblem(body)) {
    const errors = cleanErrors(body.errors);
    return {
      type: body.type,
      title: body.title,
      status: response.status,
      detail: typeof body.detail === "string" ? body.detail : undefined,
      ...(errors ? { errors } : {}),
    };
  }
  return { title: response.statusText || "Error", status: response.status };
}

export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  return new ApiError(await problemFromResponse(response), Number.isNaN(retryAfter) ? null : retryAfter);
}

export function unreachableError(detail?: string): ApiError {
  return new ApiError({
    title: "Service unavailable",
    status: 0,
    detail: detail ?? "We could not reach the server.",
  });
}

export interface FormErrors {
  /** One message per form field, ready to show beside it. */
  fields: Record<string, string>;
  /** Messages that belong to no field of this form. */
  form: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

export function hasErrors(errors: FormErrors): boolean {
  return errors.form.length > 0 || Object.keys(errors.fields).length > 0;
}

/**
 * Sort a problem's `errors` onto the form's fields. A nested key ("photos.2") belongs to its first
 * segment when that is a field; `aliases` maps API names to form names where they differ.
 * Anything else (non_field_errors, fields the form does not show) goes to the form's summary, as
 * does `detail` when no message landed anywhere.
 */
export function toFormErrors(
  problem: Problem,
  fieldNames: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): FormErrors {
  const known = new Set(fieldNames);
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const [key, messages] of Object.entries(problem.errors ?? {})) {
    const head = key.split(".")[0] ?? key;
    const name = aliases[key] ?? aliases[head] ?? head;
    const text = messages.join(" ");
    if (known.has(name)) {
      fields[name] = fields[name] ? `${fields[name]} ${text}` : text;
    } else {
      form.push(text);
    }
  }
  if (form.length === 0 && Object.keys(fields).length === 0) {
    form.push(friendlyMessage(problem));
  }
  return { fields, form };
}

/** One sentence a person can act on, for any problem (or none at all). */
export function friendlyMessage(problem: Problem, retryAfter: number | null = null): string {
  switch (problem.status) {
    case 0:
      return "We could not reach the server. Check your connection and try again.";
    case 401:
      return "Your session has ended. Please sign in again.";
    case 403:
      return "The page was open for too long or you are not allowed to do this. Reload the page and try again.";
    case 404:
      return "We could not find what you were looking for.";
    case 429:
      return retryAfter
        ? `Too many attempts. Please wait ${retryAfter} seconds and try again.`
        : "Too many attempts. Please wait a moment and try again.";
    case 502:
    case 503:
    case 504:
      return "A service we depend on is unavailable right now. Please try again in a minute.";
  }
  if (problem.status >= 500) return "Something went wrong on our side. Please try again.";
  return problem.detail || problem.title || "The request could not be completed.";
}

/** Form errors for any failure a submit can end in (problem+json, network error, anything thrown). */
export function formErrorsFrom(
  error: unknown,
  fieldNames: readonly string[],
  aliases?: Readonly<Record<string, string>>,
): FormErrors {
  if (error instanceof ApiError) {
    if (error.status === 400 || error.status === 409 || error.status === 422) {
      return toFormErrors(error.problem, fieldNames, aliases);
    }
    return { fields: {}, form: [friendlyMessage(error.problem, error.retryAfter)] };
  }
  return { fields: {}, form: ["Something went wrong. Please try again."] };
}

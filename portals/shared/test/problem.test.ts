import { describe, expect, it } from "vitest";

import {
  ApiError,
  apiErrorFromResponse,
  formErrorsFrom,
  friendlyMessage,
  hasErrors,
  problemFromResponse,
  toFormErrors,
  unreachableError,
  type Problem,
} from "../src/problem";

const problemJson = (body: unknown, status = 400, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });

describe("problemFromResponse", () => {
  it("reads a problem+json body", async () => {
    const problem = await problemFromResponse(
      problemJson({
        type: "urn:property-platform:problem:validation-error",
        title: "Invalid request",
        status: 400,
        detail: "One or more fields are invalid.",
        errors: { email: ["Enter a valid email address."] },
      }),
    );
    expect(problem).toEqual({
      type: "urn:property-platform:problem:validation-error",
      title: "Invalid request",
      status: 400,
      detail: "One or more fields are invalid.",
      errors: { email: ["Enter a valid email address."] },
    });
  });

  it("describes a body that is not JSON by its status", async () => {
    const problem = await problemFromResponse(
      new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    expect(problem).toEqual({ title: "Bad Gateway", status: 502 });
  });

  it("trusts the HTTP status over the body's and drops messages that are not strings", async () => {
    const problem = await problemFromResponse(
      problemJson({ title: "Invalid", status: 200, errors: { a: [1, "kept"], b: "alone", c: [] } }),
    );
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual({ a: ["kept"], b: ["alone"] });
  });

  it("keeps Retry-After of a 429", async () => {
    const error = await apiErrorFromResponse(
      problemJson({ title: "Too many requests", status: 429 }, 429, { "Retry-After": "30" }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.retryAfter).toBe(30);
    expect(friendlyMessage(error.problem, error.retryAfter)).toMatch(/wait 30 seconds/);
  });
});

describe("toFormErrors", () => {
  const fields = ["full_name", "email", "photos"] as const;

  it("puts each field's messages beside that field", () => {
    const problem: Problem = {
      title: "Invalid request",
      status: 400,
      detail: "One or more fields are invalid.",
      errors: { email: ["Enter a valid email address.", "Too long."], full_name: ["Required."] },
    };
    expect(toFormErrors(problem, fields)).toEqual({
      fields: { email: "Enter a valid email address. Too long.", full_name: "Required." },
      form: [],
    });
  });

  it("gives a nested key to its first segment", () => {
    const problem: Problem = {
      title: "Invalid request",
      status: 400,
      errors: { "photos.0": ["Not an image."], "photos.2": ["Larger than 5 MB."] },
    };
    expect(toFormErrors(problem, fields).fields).toEqual({ photos: "Not an image. Larger than 5 MB." });
  });

  it("sends non_field_errors and fields the form does not show to the summary", () => {
    const problem: Problem = {
      title: "Invalid request",
      status: 400,
      errors: { non_field_errors: ["Try again."], listing_id: ["This home is no longer listed."] },
    };
    expect(toFormErrors(problem, fields)).toEqual({
      fields: {},
      form: ["Try again.", "This home is no longer listed."],
    });
  });

  it("maps API names onto form names", () => {
    const problem: Problem = { title: "x", status: 400, errors: { "photos[]": ["Too many."] } };
    expect(toFormErrors(problem, fields, { "photos[]": "photos" }).fields).toEqual({ photos: "Too many." });
  });

  it("falls back to the detail when there are no per-field errors (409)", () => {
    const problem: Problem = {
      title: "Conflict",
      status: 409,
      detail: "You already applied for this home with this email.",
    };
    const errors = toFormErrors(problem, fields);
    expect(errors).toEqual({ fields: {}, form: ["You already applied for this home with this email."] });
    expect(hasErrors(errors)).toBe(true);
  });
});

describe("formErrorsFrom", () => {
  it("does not show a 503's internals, only what to do", () => {
    const error = new ApiError({ title: "Service unavailable", status: 503, detail: "property-service: timeout" });
    expect(formErrorsFrom(error, ["email"])).toEqual({
      fields: {},
      form: ["A service we depend on is unavailable right now. Please try again in a minute."],
    });
  });

  it("explains a network failure", () => {
    expect(formErrorsFrom(unreachableError(), ["email"]).form[0]).toMatch(/could not reach the server/);
  });

  it("copes with anything thrown", () => {
    expect(formErrorsFrom(new TypeError("boom"), []).form).toEqual(["Something went wrong. Please try again."]);
  });
});

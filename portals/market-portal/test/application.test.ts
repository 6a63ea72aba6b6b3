import { describe, expect, it } from "vitest";

import {
  applicationRequest,
  isApplicationReference,
  validateApplication,
  type ApplicationValues,
} from "../lib/application";

const valid: ApplicationValues = {
  full_name: " Dana Scully ",
  email: "dana@example.com",
  phone: "+1 503 555 0199",
  move_in_date: "2026-12-01",
  occupants: "2",
  message: "We have a cat.",
  website: "",
};
const today = "2026-11-28";

describe("validateApplication", () => {
  it("accepts a complete application", () => {
    expect(validateApplication(valid, today)).toEqual({});
  });

  it("asks for every required field", () => {
    const empty = { ...valid, full_name: "", email: "", phone: "", move_in_date: "", occupants: "" };
    expect(Object.keys(validateApplication(empty, today)).sort()).toEqual(
      ["email", "full_name", "move_in_date", "occupants", "phone"].sort(),
    );
  });

  it("explains what a good value looks like", () => {
    const errors = validateApplication(
      { ...valid, email: "dana@", phone: "call me", move_in_date: "2026-11-27", occupants: "0" },
      today,
    );
    expect(errors).toEqual({
      email: "Enter an email address like name@example.com.",
      phone: "Enter a phone number like +1 503 555 0100.",
      move_in_date: "The move-in date must be today or later.",
      occupants: "Enter a number from 1 to 12.",
    });
  });

  it("allows moving in today and refuses impossible dates", () => {
    expect(validateApplication({ ...valid, move_in_date: today }, today)).toEqual({});
    expect(validateApplication({ ...valid, move_in_date: "2026-02-30" }, today).move_in_date).toBe(
      "Enter a real date.",
    );
  });

  it("limits the message", () => {
    expect(validateApplication({ ...valid, message: "x".repeat(2001) }, today).message).toMatch(/2000/);
  });
});

describe("applicationRequest", () => {
  it("is the BFF's body, trimmed, with occupants as a number and the honeypot as found", () => {
    expect(applicationRequest("e0000000-0000-4000-8000-000000000001", { ...valid, website: "spam.example" })).toEqual({
      listing_id: "e0000000-0000-4000-8000-000000000001",
      full_name: "Dana Scully",
      email: "dana@example.com",
      phone: "+1 503 555 0199",
      move_in_date: "2026-12-01",
      occupants: 2,
      message: "We have a cat.",
      website: "spam.example",
    });
  });
});

describe("isApplicationReference", () => {
  it("accepts APP-000123 and nothing else", () => {
    expect(isApplicationReference("APP-000123")).toBe(true);
    expect(isApplicationReference("APP-1234567")).toBe(true);
    expect(isApplicationReference("APP-12")).toBe(false);
    expect(isApplicationReference("<script>")).toBe(false);
    expect(isApplicationReference(undefined)).toBe(false);
  });
});

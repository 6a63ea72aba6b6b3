import { describe, expect, it } from "vitest";

import { describeDegraded } from "../lib/invoices";
import { safeNextPath, signInPath } from "../lib/navigation";
import { validateComment, validateWorkOrder, type WorkOrderDraft } from "../lib/work-orders";

describe("safeNextPath", () => {
  it("keeps a path on this portal", () => {
    expect(safeNextPath("/invoices/abc?x=1")).toBe("/invoices/abc?x=1");
    expect(safeNextPath(["/maintenance", "/x"])).toBe("/maintenance");
  });

  it("refuses anything that leaves the portal or loops", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/signin", "/api/auth/logout", "", undefined, null]) {
      expect(safeNextPath(bad as string), String(bad)).toBe("/");
    }
  });

  it("builds the sign-in link back", () => {
    expect(signInPath("/")).toBe("/signin");
    expect(signInPath("/invoices?page=2")).toBe("/signin?next=%2Finvoices%3Fpage%3D2");
  });
});

describe("validateWorkOrder", () => {
  const ok: WorkOrderDraft = {
    category: "plumbing",
    priority: "normal",
    title: "Kitchen tap drips",
    description: "Since Monday, about one drop a second.",
    photos: [{ name: "tap.jpg", size: 1000, type: "image/jpeg" }],
  };

  it("accepts a complete request", () => {
    expect(validateWorkOrder(ok)).toEqual({});
  });

  it("asks for what is missing", () => {
    expect(Object.keys(validateWorkOrder({ ...ok, category: "", priority: "", title: " ", description: "" })).sort()).toEqual(
      ["category", "description", "priority", "title"],
    );
  });

  it("checks photos: count, type and size", () => {
    const photo = { name: "a.png", size: 10, type: "image/png" };
    expect(validateWorkOrder({ ...ok, photos: Array(6).fill(photo) }).photos).toBe("Add at most 5 photos.");
    expect(validateWorkOrder({ ...ok, photos: [{ name: "doc.pdf", size: 10, type: "application/pdf" }] }).photos).toBe(
      "doc.pdf is not a JPEG, PNG or WebP image.",
    );
    expect(validateWorkOrder({ ...ok, photos: [{ name: "big.jpg", size: 5 * 1024 * 1024 + 1, type: "image/jpeg" }] }).photos).toBe(
      "big.jpg is larger than 5 MB.",
    );
  });
});

describe("validateComment", () => {
  it("needs some text, not too much", () => {
    expect(validateComment("  ")).toBe("Write a comment first.");
    expect(validateComment("Thanks!")).toBeNull();
    expect(validateComment("x".repeat(2001))).toMatch(/2000/);
  });
});

describe("describeDegraded", () => {
  it("names the sections a tenant cannot see right now", () => {
    expect(describeDegraded(["maintenance"])).toBe("your maintenance requests");
    expect(describeDegraded(["financial", "maintenance"])).toBe("your balance and invoices and your maintenance requests");
    expect(describeDegraded(["property", "financial", "maintenance"])).toBe(
      "your lease and home, your balance and invoices and your maintenance requests",
    );
    expect(describeDegraded(["new_thing"])).toBe("new thing");
  });
});

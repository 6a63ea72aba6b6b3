import { describe, expect, it } from "vitest";

import { readCookie } from "../src/browser";

describe("readCookie", () => {
  it("finds a cookie among others", () => {
    expect(readCookie("sessionid=abc; csrftoken=xyz%3D1; theme=dark", "csrftoken")).toBe("xyz=1");
  });

  it("does not mistake a cookie whose name contains the one asked for", () => {
    expect(readCookie("old_csrftoken=1", "csrftoken")).toBeNull();
    expect(readCookie("", "csrftoken")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";

import { checkPasswords, resetLink } from "../lib/password";

describe("checkPasswords", () => {
  it("asks for every field", () => {
    expect(checkPasswords({ current_password: "", new_password: "", confirm_password: "" })).toEqual({
      current_password: "Enter your current password.",
      new_password: "Enter a new password.",
      confirm_password: "Enter the new password again.",
    });
  });

  it("wants the new password twice the same", () => {
    expect(checkPasswords({ new_password: "long-enough-1", confirm_password: "long-enough-2" })).toEqual({
      confirm_password: "The two new passwords are not the same.",
    });
    expect(checkPasswords({ new_password: "long-enough-1", confirm_password: "long-enough-1" })).toEqual({});
  });

  it("leaves the current password alone where the form has none (reset)", () => {
    expect(checkPasswords({ new_password: "a", confirm_password: "a" })).toEqual({});
  });
});

describe("resetLink", () => {
  it("takes uid and token from the link", () => {
    expect(resetLink({ uid: "MTI", token: "c1abc-123" })).toEqual({ uid: "MTI", token: "c1abc-123" });
  });

  it("refuses an incomplete or doubled link", () => {
    expect(resetLink({ uid: "MTI" })).toBeNull();
    expect(resetLink({ uid: ["MTI", "x"], token: "t" })).toBeNull();
    expect(resetLink({ uid: " ", token: "t" })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";

import {
  bathroomsLabel,
  bedroomsLabel,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPeriod,
  fromCents,
  isIsoDate,
  toCents,
} from "../src/format";

describe("formatMoney", () => {
  it("formats a decimal string with its currency", () => {
    expect(formatMoney("1850.00", "USD")).toBe("$1,850.00");
    expect(formatMoney("0.5", "USD")).toBe("$0.50");
    expect(formatMoney("-25.00", "USD")).toBe("-$25.00");
    expect(formatMoney("1850.00", "EUR")).toBe("€1,850.00");
  });

  it("keeps every digit of a large amount (no float on the way)", () => {
    expect(formatMoney("9007199254740993.01", "USD")).toBe("$9,007,199,254,740,993.01");
  });

  it("shows what it cannot format as it came", () => {
    expect(formatMoney("abc", "USD")).toBe("abc USD");
    expect(formatMoney(null, "USD")).toBe("—");
    expect(formatMoney("10.00", "NOT-A-CURRENCY")).toBe("10.00 NOT-A-CURRENCY");
  });
});

describe("cents", () => {
  it("parses amounts with up to two decimals exactly", () => {
    expect(toCents("1850.00")).toBe(185000n);
    expect(toCents("1850.5")).toBe(185050n);
    expect(toCents("1,850")).toBe(185000n);
    expect(toCents(" 0.07 ")).toBe(7n);
    expect(toCents("-3.10")).toBe(-310n);
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "1.234", "1e3", "12.", ".5", "abc", "1 000"]) {
      expect(toCents(bad), bad).toBeNull();
    }
  });

  it("round-trips to the API's shape", () => {
    expect(fromCents(185050n)).toBe("1850.50");
    expect(fromCents(7n)).toBe("0.07");
    expect(fromCents(-310n)).toBe("-3.10");
    expect(fromCents(toCents("0.1")! + toCents("0.2")!)).toBe("0.30");
  });
});

describe("dates", () => {
  it("shows a calendar date as written, whatever the time zone", () => {
    expect(formatDate("2026-11-01")).toBe("November 1, 2026");
    expect(formatDate("2026-11-01", "short")).toBe("Nov 1, 2026");
    expect(formatDate(null)).toBe("—");
    expect(formatDate("soon")).toBe("soon");
  });

  it("shows an instant in UTC", () => {
    expect(formatDateTime("2026-11-02T15:04:00Z")).toBe("Nov 2, 2026, 3:04 PM UTC");
    expect(formatDateTime("2026-11-02T15:04:00-05:00")).toBe("Nov 2, 2026, 8:04 PM UTC");
  });

  it("names a billing period", () => {
    expect(formatPeriod("2026-11")).toBe("November 2026");
    expect(formatPeriod("Q4")).toBe("Q4");
  });

  it("validates calendar dates", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-2-3")).toBe(false);
  });
});

describe("unit facts", () => {
  it("names bedrooms and bathrooms", () => {
    expect(bedroomsLabel(0)).toBe("Studio");
    expect(bedroomsLabel(1)).toBe("1 bedroom");
    expect(bedroomsLabel(3)).toBe("3 bedrooms");
    expect(bathroomsLabel("1.0")).toBe("1 bathroom");
    expect(bathroomsLabel("1.5")).toBe("1.5 bathrooms");
  });
});

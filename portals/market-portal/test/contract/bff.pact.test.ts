/**
 * The market portal → BFF contract (Pact V4), written by the portal's own client code: the reads
 * of lib/bff.ts on the server (getCities, searchListings, getListing) and the application form's
 * send() with applicationRequest() in the browser. The BFF verifies the pact live:
 * tests/contract/providers/test_bff.py.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { ApplicationReceipt } from "@portals/shared/api";
import { send } from "@portals/shared/browser";
import { formErrorsFrom } from "@portals/shared/problem";
import { isStatus } from "@portals/shared/server";

import { APPLICATION_FIELDS, applicationRequest, isApplicationReference, type ApplicationValues } from "../../lib/application";
import { getCities, getListing, searchListings } from "../../lib/bff";
import { parseSearch } from "../../lib/search";
import {
  asBrowser,
  bffPact,
  CSRF_HEADER,
  CSRF_TOKEN,
  currency,
  day,
  JSON_BODY,
  moment,
  money,
  problem,
  PROBLEM_JSON,
  type RequestBuilder,
} from "../../../shared/test/contract/bff-pact";

const { boolean, eachLike, integer, regex, string, uuid } = MatchersV3;

// Server components' request headers (bffGet reads them; the market forwards no cookie).
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const pact = bffPact("market-portal");
const LISTING_ID = "e0000000-0000-4000-8000-0000000000a1";
const CLOSED_LISTING_ID = "e0000000-0000-4000-8000-0000000000b1";
const VISITOR_COOKIES = `csrftoken=${CSRF_TOKEN}`; // what GET /api/auth/csrf left in the browser

let undo: (() => void) | null = null;
afterEach(() => {
  undo?.();
  undo = null;
  delete process.env.BFF_URL;
});

const listing = {
  id: uuid(LISTING_ID),
  title: string("Home at Alder Court, 1B"),
  description: string("Bright and quiet, two blocks from the streetcar."),
  monthly_rent: money("1850.00"),
  currency: currency(),
  deposit: money("1850.00"),
  available_from: day("2026-12-01"),
  pets_allowed: boolean(true),
  status: "published",
  published_at: moment("2026-11-01T09:00:00Z"),
  unit: {
    id: uuid("b0000000-0000-4000-8000-0000000000a1"),
    label: string("1B"),
    bedrooms: integer(2),
    bathrooms: regex(/^[0-9]+\.[0-9]$/, "1.0"),
    area_sqm: integer(70),
    floor: integer(1),
    property: {
      id: uuid("a0000000-0000-4000-8000-0000000000a1"),
      name: string("Alder Court"),
      address_line1: string("120 NW Alder St"),
      city: "Portland",
      postal_code: string("97209"),
      country: string("US"),
    },
  },
  photos: eachLike({ url: regex(/^\/photos\/.+$/, "/photos/alder-court-1.svg"), alt_text: string("Living room") }),
};

const aPublishedListing = { listing_id: LISTING_ID, city: "Portland" };

const VALUES: ApplicationValues = {
  full_name: "Grace Hopper",
  email: "grace@example.com",
  phone: "+1 503 555 0199",
  move_in_date: "2026-12-15",
  occupants: "2",
  message: "We would love to see it.",
  website: "",
};

function applicationBody(listingId: string) {
  return {
    listing_id: listingId,
    full_name: "Grace Hopper",
    email: "grace@example.com",
    phone: "+1 503 555 0199",
    move_in_date: day("2026-12-15"),
    occupants: 2,
    message: "We would love to see it.",
    website: "",
  };
}

/** The application form's submit (app/listings/[id]/apply/ApplicationForm.tsx). */
function apply(listingId: string) {
  return send<ApplicationReceipt>("/api/market/applications", { json: applicationRequest(listingId, VALUES) });
}

function applicationRequestTo(listingId: string) {
  return (builder: RequestBuilder) =>
    builder.headers({ "X-CSRFToken": CSRF_HEADER, ...JSON_BODY }).jsonBody(applicationBody(listingId));
}

describe("market-portal → bff", () => {
  it("lists the cities with published listings", async () => {
    await pact
      .addInteraction()
      .given("a published listing", aPublishedListing)
      .uponReceiving("a request for the cities with published listings")
      .withRequest("GET", "/api/market/cities")
      .willRespondWith(200, (b) => b.headers(JSON_BODY).jsonBody({ cities: eachLike("Portland") }))
      .executeTest(async (server) => {
        process.env.BFF_URL = server.url;
        expect(await getCities()).toEqual(["Portland"]);
      });
  });

  it("searches listings in a city", async () => {
    await pact
      .addInteraction()
      .given("a published listing", aPublishedListing)
      .uponReceiving("a search for published listings in a city")
      .withRequest("GET", "/api/market/listings", (b) => b.query({ city: "Portland", ordering: "newest" }))
      .willRespondWith(200, (b) =>
        b.headers(JSON_BODY).jsonBody({ count: integer(1), next: null, previous: null, results: eachLike(listing) }),
      )
      .executeTest(async (server) => {
        process.env.BFF_URL = server.url;
        const page = await searchListings(parseSearch({ city: "Portland" }));
        expect(page.results[0]?.unit.property.city).toBe("Portland");
      });
  });

  it("shows a published listing", async () => {
    await pact
      .addInteraction()
      .given("a published listing", aPublishedListing)
      .uponReceiving("a request for a published listing")
      .withRequest("GET", `/api/market/listings/${LISTING_ID}`)
      .willRespondWith(200, (b) => b.headers(JSON_BODY).jsonBody(listing))
      .executeTest(async (server) => {
        process.env.BFF_URL = server.url;
        const found = await getListing(LISTING_ID);
        expect(found.monthly_rent).toBe("1850.00");
      });
  });

  it("finds no listing that is not published (404)", async () => {
    await pact
      .addInteraction()
      .given("no published listing has this id", { listing_id: CLOSED_LISTING_ID })
      .uponReceiving("a request for a listing that is not published")
      .withRequest("GET", `/api/market/listings/${CLOSED_LISTING_ID}`)
      .willRespondWith(404, (b) => b.headers(PROBLEM_JSON).jsonBody(problem(404)))
      .executeTest(async (server) => {
        process.env.BFF_URL = server.url;
        const error = await getListing(CLOSED_LISTING_ID).catch((e: unknown) => e);
        expect(isStatus(error, 404)).toBe(true);
      });
  });

  it("applies for a listing and gets a reference number", async () => {
    await pact
      .addInteraction()
      .given("a published listing", aPublishedListing)
      .uponReceiving("an application for a published listing")
      .withRequest("POST", "/api/market/applications", applicationRequestTo(LISTING_ID))
      .willRespondWith(201, (b) =>
        b.headers(JSON_BODY).jsonBody({
          id: uuid("0a000000-0000-4000-8000-0000000000a1"),
          number: regex(/^APP-[0-9]{6,}$/, "APP-000123"),
          status: "submitted",
          listing_id: uuid(LISTING_ID),
        }),
      )
      .executeTest(async (server) => {
        undo = asBrowser(server.url, VISITOR_COOKIES);
        const { data } = await apply(LISTING_ID);
        expect(isApplicationReference(data.number)).toBe(true);
      });
  });

  it("shows why an application for a listing that is not open is refused (400)", async () => {
    await pact
      .addInteraction()
      .given("no published listing has this id", { listing_id: CLOSED_LISTING_ID })
      .uponReceiving("an application for a listing that is not published")
      .withRequest("POST", "/api/market/applications", applicationRequestTo(CLOSED_LISTING_ID))
      .willRespondWith(400, (b) =>
        b.headers(PROBLEM_JSON).jsonBody(problem(400, { listing_id: "This listing is not open for applications." })),
      )
      .executeTest(async (server) => {
        undo = asBrowser(server.url, VISITOR_COOKIES);
        const error = await apply(CLOSED_LISTING_ID).catch((e: unknown) => e);
        expect(isStatus(error, 400), String(error)).toBe(true);
        // listing_id is no field of the form: its message goes to the form's summary.
        expect(formErrorsFrom(error, APPLICATION_FIELDS).form).toEqual(["This listing is not open for applications."]);
      });
  });

  it("is told when the same person applied for the same listing already (409)", async () => {
    await pact
      .addInteraction()
      .given("a published listing", { ...aPublishedListing, open_application_email: VALUES.email })
      .uponReceiving("a second application by the same email for the same listing")
      .withRequest("POST", "/api/market/applications", applicationRequestTo(LISTING_ID))
      .willRespondWith(409, (b) => b.headers(PROBLEM_JSON).jsonBody(problem(409)))
      .executeTest(async (server) => {
        undo = asBrowser(server.url, VISITOR_COOKIES);
        const error = await apply(LISTING_ID).catch((e: unknown) => e);
        expect(isStatus(error, 409), String(error)).toBe(true);
        expect(formErrorsFrom(error, APPLICATION_FIELDS).form).toHaveLength(1);
      });
  });
});

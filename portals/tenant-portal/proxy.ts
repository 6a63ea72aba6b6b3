/**
 * Tells server components which page was asked for (x-portal-path), so that a visitor who is not
 * signed in is sent to the sign-in page and, afterwards, back to that page.
 */
import { NextResponse, type NextRequest } from "next/server";

export const PATH_HEADER = "x-portal-path";

export function proxy(request: NextRequest) {
  const url = request.nextUrl.clone();
  url.searchParams.delete("_rsc"); // client navigations add it; it is not part of the page's address
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, url.pathname + url.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the /api forwarding, Next's assets, the probe or static files.
  matcher: ["/((?!api/|_next/|healthz|icon.svg|favicon.ico).*)"],
};

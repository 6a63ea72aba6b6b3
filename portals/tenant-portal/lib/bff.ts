/** The tenant's reads from the BFF, on the server, as the signed-in tenant (cookie forwarded). */
import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { bffGet, isStatus } from "@portals/shared/server";

import { signInPath } from "./navigation";

/** Not signed in (401) → the sign-in page, which brings the tenant back to this page afterwards. */
export async function tenantGet<T>(path: string): Promise<T> {
  try {
    return await bffGet<T>(path, { withCookies: true });
  } catch (error) {
    if (isStatus(error, 401)) {
      const here = (await headers()).get("x-portal-path") ?? "/";
      redirect(signInPath(here));
    }
    throw error;
  }
}

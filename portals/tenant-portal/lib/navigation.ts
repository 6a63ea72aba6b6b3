/**
 * Where sign-in sends the tenant afterwards. Only a path on this portal: an absolute or
 * protocol-relative URL in ?next= would make the sign-in page an open redirect.
 */
export function safeNextPath(next: string | string[] | undefined | null): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/signin") || value.startsWith("/api/")) return "/";
  return value;
}

export function signInPath(returnTo: string): string {
  return returnTo === "/" ? "/signin" : `/signin?next=${encodeURIComponent(returnTo)}`;
}

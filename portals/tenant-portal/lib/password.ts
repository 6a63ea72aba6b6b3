/**
 * The password forms' own checks before the BFF's: everything filled in, the new password typed the
 * same twice. How strong it must be is the BFF's call (Django's validators): its 400 lands on the field.
 */
export interface PasswordValues {
  current_password?: string;
  new_password: string;
  confirm_password: string;
}

export function checkPasswords(values: PasswordValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.current_password === "") errors.current_password = "Enter your current password.";
  if (!values.new_password) errors.new_password = "Enter a new password.";
  if (!values.confirm_password) errors.confirm_password = "Enter the new password again.";
  else if (values.new_password && values.confirm_password !== values.new_password) {
    errors.confirm_password = "The two new passwords are not the same.";
  }
  return errors;
}

/** The reset link's uid and token (from the BFF's email), or null when the link is incomplete. */
export function resetLink(params: Record<string, string | string[] | undefined>): { uid: string; token: string } | null {
  const uid = typeof params.uid === "string" ? params.uid.trim() : "";
  const token = typeof params.token === "string" ? params.token.trim() : "";
  return uid && token ? { uid, token } : null;
}

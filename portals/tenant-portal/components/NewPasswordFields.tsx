import type { FormErrors } from "@portals/shared/problem";
import { TextField } from "@portals/shared/ui";

/** Labels of the new-password pair, for the fields and for the forms' error summaries. */
export const NEW_PASSWORD_LABELS = { new_password: "New password", confirm_password: "New password again" };

/** The new password, typed twice: the same two fields on the change and the reset form. */
export function NewPasswordFields({ errors }: { errors: FormErrors }) {
  return (
    <>
      <TextField
        name="new_password"
        label={NEW_PASSWORD_LABELS.new_password}
        type="password"
        autoComplete="new-password"
        required
        error={errors.fields.new_password}
      />
      <TextField
        name="confirm_password"
        label={NEW_PASSWORD_LABELS.confirm_password}
        type="password"
        autoComplete="new-password"
        required
        error={errors.fields.confirm_password}
      />
    </>
  );
}

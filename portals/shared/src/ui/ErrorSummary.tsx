"use client";

import { useEffect, useRef } from "react";

import { hasErrors, type FormErrors } from "../problem";

/**
 * The list of what to fix, at the top of a form (the GOV.UK pattern): it takes focus when it
 * appears so keyboard and screen-reader users hear it, and each entry links to its field.
 */
export function ErrorSummary({
  errors,
  labels,
  title = "There is a problem",
}: {
  errors: FormErrors;
  labels: Readonly<Record<string, string>>;
  title?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const visible = hasErrors(errors);

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [errors, visible]);

  if (!visible) return null;
  return (
    <div className="alert alert--error" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <p className="alert__title" id="error-summary-title">
        {title}
      </p>
      <ul>
        {errors.form.map((message) => (
          <li key={message}>{message}</li>
        ))}
        {Object.entries(errors.fields).map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>
              {labels[field] ? `${labels[field]}: ` : ""}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

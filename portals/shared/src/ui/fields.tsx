/**
 * Labelled form controls: the label, an optional hint and the error are wired to the control with
 * aria-describedby / aria-invalid, so a screen reader reads all three.
 */
import type { ComponentProps, ReactNode } from "react";

interface FieldProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Shown after the label when the field is not required. */
  optional?: boolean;
  id?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Label({ id, label, optional }: { id: string; label: ReactNode; optional?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {optional ? <span className="field__optional"> (optional)</span> : null}
    </label>
  );
}

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  name,
  label,
  hint,
  error,
  optional,
  id = name,
  className,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "name" | "id">) {
  return (
    <div className="field">
      <Label id={id} label={label} optional={optional} />
      <HintAndError id={id} hint={hint} error={error} />
      <input
        id={id}
        name={name}
        className={className ?? "input"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </div>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  error,
  optional,
  id = name,
  ...textarea
}: FieldProps & Omit<ComponentProps<"textarea">, "name" | "id">) {
  return (
    <div className="field">
      <Label id={id} label={label} optional={optional} />
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        id={id}
        name={name}
        className="textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...textarea}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  error,
  optional,
  id = name,
  options,
  ...select
}: FieldProps & { options: readonly Option[] } & Omit<ComponentProps<"select">, "name" | "id">) {
  return (
    <div className="field">
      <Label id={id} label={label} optional={optional} />
      <HintAndError id={id} hint={hint} error={error} />
      <select
        id={id}
        name={name}
        className="select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radio buttons in a fieldset whose legend is the question. */
export function ChoiceField({
  name,
  label,
  hint,
  error,
  id = name,
  options,
  value,
  defaultValue,
  onChange,
  disabled,
}: FieldProps & {
  options: readonly Option[];
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="field" id={id} aria-describedby={describedBy(id, hint, error)}>
      <legend>{label}</legend>
      <HintAndError id={id} hint={hint} error={error} />
      <div className="choices">
        {options.map((option) => (
          <label className="choice" key={option.value}>
            <input
              type="radio"
              name={name}
              value={option.value}
              disabled={disabled}
              {...(value !== undefined
                ? { checked: value === option.value, onChange: () => onChange?.(option.value) }
                : { defaultChecked: defaultValue === option.value })}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

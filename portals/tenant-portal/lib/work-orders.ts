/** The maintenance request form's own checks (the BFF checks again; its errors land on the same fields). */
import {
  CATEGORY_LABELS,
  PRIORITY_LABELS,
  type WorkOrderCategory,
  type WorkOrderPriority,
  type WorkOrderStatus,
} from "@portals/shared/api";
import type { BadgeTone } from "@portals/shared/ui";

export const WORK_ORDER_FIELDS = ["category", "priority", "title", "description", "photos"] as const;
export type WorkOrderField = (typeof WORK_ORDER_FIELDS)[number];

export const WORK_ORDER_LABELS: Record<WorkOrderField, string> = {
  category: "What needs fixing",
  priority: "How urgent is it",
  title: "Short summary",
  description: "Details",
  photos: "Photos",
};

export const CATEGORY_OPTIONS = [
  { value: "", label: "Choose one" },
  ...Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label })),
];
export const PRIORITY_OPTIONS = Object.entries(PRIORITY_LABELS).map(([value, label]) => ({ value, label }));

export const MAX_TITLE = 120;
export const MAX_DESCRIPTION = 4000;
export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];

export interface WorkOrderDraft {
  category: string;
  priority: string;
  title: string;
  description: string;
  photos: readonly { name: string; size: number; type: string }[];
}

export function validateWorkOrder(draft: WorkOrderDraft): Partial<Record<WorkOrderField, string>> {
  const errors: Partial<Record<WorkOrderField, string>> = {};
  if (!(draft.category in CATEGORY_LABELS)) errors.category = "Choose what needs fixing.";
  if (!(draft.priority in PRIORITY_LABELS)) errors.priority = "Choose how urgent it is.";
  const title = draft.title.trim();
  if (!title) errors.title = "Enter a short summary, like “Kitchen tap drips”.";
  else if (title.length < 3) errors.title = "The summary needs at least 3 characters.";
  else if (title.length > MAX_TITLE) errors.title = `The summary must be ${MAX_TITLE} characters or fewer.`;
  const description = draft.description.trim();
  if (!description) errors.description = "Describe the problem: where it is and since when.";
  else if (description.length < 10) errors.description = "Tell us a little more: at least 10 characters.";
  else if (description.length > MAX_DESCRIPTION)
    errors.description = `The details must be ${MAX_DESCRIPTION} characters or fewer.`;
  if (draft.photos.length > MAX_PHOTOS) {
    errors.photos = `Add at most ${MAX_PHOTOS} photos.`;
  } else {
    const wrongType = draft.photos.find((p) => !PHOTO_TYPES.includes(p.type));
    const tooBig = draft.photos.find((p) => p.size > MAX_PHOTO_BYTES);
    if (wrongType) errors.photos = `${wrongType.name} is not a JPEG, PNG or WebP image.`;
    else if (tooBig) errors.photos = `${tooBig.name} is larger than 5 MB.`;
  }
  return errors;
}

export function isCategory(value: string): value is WorkOrderCategory {
  return value in CATEGORY_LABELS;
}

export function isPriority(value: string): value is WorkOrderPriority {
  return value in PRIORITY_LABELS;
}

export function workOrderTone(status: WorkOrderStatus | string): BadgeTone {
  switch (status) {
    case "completed":
      return "success";
    case "cancelled":
      return "neutral";
    case "in_progress":
    case "scheduled":
      return "info";
    default:
      return "warning";
  }
}

export function priorityTone(priority: WorkOrderPriority | string): BadgeTone {
  return priority === "emergency" || priority === "high" ? "danger" : "neutral";
}

/** The list's status filters: the value goes to the BFF as ?status=. */
export const WORK_ORDER_FILTERS = [
  { value: "open", label: "Open" },
  { value: "completed", label: "Completed" },
  { value: "cancelled", label: "Cancelled" },
  { value: "all", label: "All" },
] as const;

export const MAX_COMMENT = 2000;

export function validateComment(body: string): string | null {
  const text = body.trim();
  if (!text) return "Write a comment first.";
  if (text.length > MAX_COMMENT) return `A comment must be ${MAX_COMMENT} characters or fewer.`;
  return null;
}

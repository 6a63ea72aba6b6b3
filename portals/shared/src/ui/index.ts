export { TextField, TextAreaField, SelectField, ChoiceField, type Option } from "./fields";
export { ErrorSummary } from "./ErrorSummary";
export { Alert, Badge, EmptyState, StatusPage, Spinner, type Tone, type BadgeTone } from "./feedback";
export { Pagination, pageCount } from "./Pagination";
export { Logo } from "./Logo";
export { RenderErrorPage } from "./RenderErrorPage";
export { PortalDocument, portalViewport } from "./PortalDocument";

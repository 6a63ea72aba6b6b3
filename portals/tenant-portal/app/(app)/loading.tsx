export default function Loading() {
  return (
    <div role="status" aria-live="polite">
      <p className="muted">Loading…</p>
    </div>
  );
}

export default function Loading() {
  return (
    <div className="container" role="status" aria-live="polite">
      <p className="muted">Loading homes…</p>
    </div>
  );
}

/** The platform's mark: a roof over a door, in the brand colour. Decorative next to the name. */
export function Logo({ className = "brand__mark" }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#0d5c53" />
      <path d="M7 15.5 16 8l9 7.5" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10 14v10h12V14" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinejoin="round" />
      <rect x="14" y="17.5" width="4" height="6.5" rx="1" fill="#f0b27a" />
    </svg>
  );
}

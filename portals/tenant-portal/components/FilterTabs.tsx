import Link from "next/link";

/** Status filters as links (they live in the URL); the current one is marked. */
export function FilterTabs({
  label,
  items,
  current,
}: {
  label: string;
  items: readonly { href: string; label: string; value: string }[];
  current: string;
}) {
  return (
    <nav className="tabs" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.value}>
            <Link href={item.href} aria-current={item.value === current ? "page" : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

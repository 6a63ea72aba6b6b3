import Link from "next/link";

import type { Me } from "@portals/shared/api";
import { Logo } from "@portals/shared/ui";

import { NavLinks } from "./NavLinks";
import { SignOutButton } from "./SignOutButton";

export function SiteHeader({ me }: { me?: Me | null }) {
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link className="brand" href="/">
          <Logo />
          <span>
            Property Platform <span className="brand__sub">Tenants</span>
          </span>
        </Link>
        {me ? (
          <>
            <NavLinks />
            <div className="site-header__user">
              <Link className="muted small site-header__name" href="/account/password" title="Change your password">
                <span className="visually-hidden">Signed in as </span>
                {me.first_name || me.email}
                <span className="visually-hidden">: change your password</span>
              </Link>
              <SignOutButton />
            </div>
          </>
        ) : null}
      </div>
    </header>
  );
}

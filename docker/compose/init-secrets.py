"""One-shot: make the compose stack's secrets once, into the `secrets` volume (never in Git or images).

Each file holds one value; services read them through NAME_FILE variables (servicekit.env).
"""

import secrets
from pathlib import Path

DIR = Path("/run/platform-secrets")
SERVICES = ["property", "financial", "maintenance", "bff"]


def put(name: str, value: str) -> None:
    path = DIR / name
    if not path.exists():
        path.write_text(value)
        path.chmod(0o444)


def get(name: str) -> str:
    return (DIR / name).read_text()


put("postgres_password", secrets.token_urlsafe(24))
put("bff_token", secrets.token_urlsafe(32))
put("financial_token", secrets.token_urlsafe(32))
for service in SERVICES:
    put(f"{service}_secret_key", secrets.token_urlsafe(64))
    put(f"{service}_db_password", secrets.token_urlsafe(24))
    put(
        f"{service}_database_url",
        f"postgresql://{service}:{get(f'{service}_db_password')}@postgres:5432/{service}",
    )
# Who may call whom (ARCHITECTURE.md §4): inbound tokens per service.
put("property_service_tokens", f"bff={get('bff_token')},financial-service={get('financial_token')}")
put("financial_service_tokens", f"bff={get('bff_token')},financial-service={get('financial_token')}")
put("maintenance_service_tokens", f"bff={get('bff_token')}")
print("secrets ready")

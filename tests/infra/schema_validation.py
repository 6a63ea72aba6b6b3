"""Strict schema validation of rendered manifests.

Built-in kinds: kubernetes-validate's strict schemas (unknown fields are errors) for a given Kubernetes
version. Custom resources: the JSON schemas in CRD_SCHEMAS_DIR (<group>/<kind>_<version>.json), made
strict by adding additionalProperties: false to every object schema that lists properties and neither
says additionalProperties nor x-kubernetes-preserve-unknown-fields; their metadata is checked against
the strict ObjectMeta schema.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import jsonschema
import kubernetes_validate.utils as kv

# kubernetes-validate re-reads and re-parses its (1.3 MB) definitions file on every call; cache it.
kv.schema_contents = functools.lru_cache(maxsize=None)(kv.schema_contents)


def supported_kubernetes_versions() -> list[str]:
    return [kv.major_minor(v) for v in kv.all_versions()]


def crd_schema_path(schemas_dir: Path, doc: dict) -> Path | None:
    """The schema file of a custom resource, or None for built-in kinds (API groups without a dot or *.k8s.io)."""
    api_version = doc["apiVersion"]
    if "/" not in api_version:
        return None
    group, version = api_version.split("/", 1)
    if "." not in group or group.endswith(".k8s.io"):
        return None
    return schemas_dir / group / f"{doc['kind'].lower()}_{version}.json"


def make_strict(schema: object) -> object:
    """A copy of schema where object schemas with properties reject unknown fields."""

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if (
                "properties" in node
                and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")
            ):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    strict = copy.deepcopy(schema)
    walk(strict)
    return strict


@functools.cache
def _crd_validator(path: str) -> jsonschema.protocols.Validator:
    schema = make_strict(json.loads(Path(path).read_text()))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema)


def _describe(error: jsonschema.ValidationError) -> str:
    path = ".".join(str(p) for p in error.absolute_path) or "<root>"
    return f"{path}: {error.message}"


def validate_builtin(doc: dict, version: str) -> list[str]:
    """Errors of a built-in object against Kubernetes `version` (strict)."""
    try:
        kv.validate(doc, version, strict=True)
    except kv.ValidationError as error:
        return [_describe(error)]
    except kv.SchemaNotFoundError as error:
        return [error.message]
    return []


def validate_custom(doc: dict, schema_path: Path, version: str) -> list[str]:
    """Errors of a custom resource against its strict CRD schema (and its metadata against ObjectMeta)."""
    if not schema_path.is_file():
        return [f"no schema {schema_path} for {doc['apiVersion']} {doc['kind']}"]
    validator = _crd_validator(str(schema_path))
    errors = [_describe(e) for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))]
    # The CRD schemas leave metadata open: check it as the API server would (ObjectMeta, strict).
    carrier = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": doc.get("metadata", {})}
    errors += validate_builtin(carrier, version)
    return errors

"""Helpers over rendered manifests: pod templates and their containers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass
class PodTemplate:
    kind: str  # Deployment, Job, CronJob, ...
    name: str
    doc: dict
    template: dict  # the pod template (metadata + spec)

    @property
    def spec(self) -> dict:
        return self.template["spec"]

    @property
    def labels(self) -> dict:
        return self.template.get("metadata", {}).get("labels", {})

    @property
    def serves(self) -> bool:
        """Long-running server (as opposed to a run-to-completion Job)."""
        return self.kind in ("Deployment", "StatefulSet", "DaemonSet")

    def containers(self) -> Iterator[dict]:
        yield from self.spec.get("initContainers", [])
        yield from self.spec.get("containers", [])


def pod_templates(docs: list[dict]) -> list[PodTemplate]:
    found = []
    for doc in docs:
        kind = doc["kind"]
        if kind in ("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"):
            found.append(PodTemplate(kind, doc["metadata"]["name"], doc, doc["spec"]["template"]))
        elif kind == "CronJob":
            found.append(
                PodTemplate(
                    kind, doc["metadata"]["name"], doc, doc["spec"]["jobTemplate"]["spec"]["template"]
                )
            )
        elif kind == "Pod":
            found.append(PodTemplate(kind, doc["metadata"]["name"], doc, doc))
    return found


def of_kind(docs: list[dict], kind: str) -> list[dict]:
    return [d for d in docs if d["kind"] == kind]


def named(docs: list[dict], kind: str, name: str) -> dict:
    matches = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert matches, f"no {kind}/{name}"
    return matches[0]


def selects(selector: dict, labels: dict) -> bool:
    """A LabelSelector (matchLabels, matchExpressions) against a label set."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True

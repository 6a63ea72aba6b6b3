"""Which endpoint may open a connection to which endpoint:port, by the NetworkPolicy semantics.

A connection from A to B:port is allowed when A's egress allows it (A is selected by no policy with
policyType Egress in its namespace, or one of those policies has an egress rule matching B and the
port) AND B's ingress allows it (same, with ingress rules matching A). Peers: podSelector (the policy's
namespace), namespaceSelector (+ podSelector), ipBlock (matches IP endpoints only; pod IPs are not
modelled). Ports: number or name (resolved on the destination), protocol (TCP by default), endPort.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from workloads import selects


@dataclass(frozen=True)
class Port:
    number: int
    protocol: str = "TCP"
    name: str = field(default="", compare=False)  # a port is identified by number and protocol


@dataclass
class Endpoint:
    """A pod (namespace + labels) or an address outside the cluster's pods (ip)."""

    key: str
    namespace: str = ""
    labels: dict = field(default_factory=dict)
    ip: str = ""
    ports: list[Port] = field(default_factory=list)

    @property
    def is_pod(self) -> bool:
        return not self.ip

    def namespace_labels(self) -> dict:
        return {"kubernetes.io/metadata.name": self.namespace}


def _policy_types(policy: dict) -> set[str]:
    spec = policy["spec"]
    if spec.get("policyTypes"):
        return set(spec["policyTypes"])
    return {"Ingress"} | ({"Egress"} if "egress" in spec else set())


def _peer_matches(peer: dict, policy_namespace: str, other: Endpoint) -> bool:
    if "ipBlock" in peer:
        if other.is_pod:
            return False
        address = ipaddress.ip_address(other.ip)
        block = peer["ipBlock"]
        if address not in ipaddress.ip_network(block["cidr"]):
            return False
        return not any(address in ipaddress.ip_network(e) for e in block.get("except") or [])
    if not other.is_pod:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], other.namespace_labels()):
            return False
    elif other.namespace != policy_namespace:
        return False
    return selects(peer.get("podSelector") or {}, other.labels)


def _port_matches(rule_ports: list[dict] | None, port: Port) -> bool:
    if not rule_ports:
        return True
    for p in rule_ports:
        if p.get("protocol", "TCP") != port.protocol:
            continue
        wanted = p.get("port")
        if wanted is None:
            return True
        if isinstance(wanted, str):
            if wanted == port.name:
                return True
            continue
        if wanted == port.number or (p.get("endPort") and wanted <= port.number <= p["endPort"]):
            return True
    return False


class Network:
    def __init__(self, policies: list[dict], default_namespace: str) -> None:
        self.policies = [(p["metadata"].get("namespace", default_namespace), p) for p in policies]

    def _selecting(self, endpoint: Endpoint, policy_type: str) -> list[tuple[str, dict]]:
        if not endpoint.is_pod:
            return []
        return [
            (ns, p)
            for ns, p in self.policies
            if ns == endpoint.namespace
            and policy_type in _policy_types(p)
            and selects(p["spec"].get("podSelector") or {}, endpoint.labels)
        ]

    def _allowed(self, subject: Endpoint, other: Endpoint, port: Port, direction: str) -> bool:
        policy_type, rules_key, peers_key = (
            ("Egress", "egress", "to") if direction == "egress" else ("Ingress", "ingress", "from")
        )
        selecting = self._selecting(subject, policy_type)
        if not selecting:
            return True  # not isolated in this direction
        for ns, policy in selecting:
            for rule in policy["spec"].get(rules_key) or []:
                peers = rule.get(peers_key)
                if peers and not any(_peer_matches(peer, ns, other) for peer in peers):
                    continue
                if _port_matches(rule.get("ports"), port):
                    return True
        return False

    def egress_allows(self, source: Endpoint, destination: Endpoint, port: Port) -> bool:
        """The source's side only: its egress policies (if any) let it open the connection."""
        return self._allowed(source, destination, port, "egress")

    def ingress_allows(self, source: Endpoint, destination: Endpoint, port: Port) -> bool:
        """The destination's side only: its ingress policies (if any) accept the connection."""
        return self._allowed(destination, source, port, "ingress")

    def allows(self, source: Endpoint, destination: Endpoint, port: Port) -> bool:
        return self.egress_allows(source, destination, port) and self.ingress_allows(
            source, destination, port
        )

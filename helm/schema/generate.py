"""Writes values.schema.json, the one schema of every workload chart (they share service-lib's values).

Run after changing the values interface: python3 helm/schema/generate.py
It writes helm/schema/values.schema.json and a copy into each workload chart (Helm reads the schema from
the chart's own directory); tests/infra checks that the copies are identical.
"""

import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent


def obj(props, required=None, desc=None):
    """A closed object schema: unknown keys are errors; every property required unless `required` says."""
    o = {"type": "object", "additionalProperties": False, "properties": props}
    o["required"] = sorted(props) if required is None else required
    if desc:
        o["description"] = desc
    return o


def _typed(kind, d=None, **kw):
    return dict({"type": kind}, **({"description": d} if d else {}), **kw)


def S(d=None, **kw):  # string
    return _typed("string", d, **kw)


def I(d=None, **kw):  # noqa: E743 - integer
    return _typed("integer", d, **kw)


def B(d=None):  # boolean
    return _typed("boolean", d)


strmap = {"type": "object", "additionalProperties": {"type": "string"}}
anymap = {"type": "object"}
name_re = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
env_re = "^[A-Z_][A-Z0-9_]*$"
qty = {"anyOf": [{"type": "string", "pattern": "^[0-9.]+[a-zA-Z]*$"}, {"type": "number"}]}
resources = obj(
    {
        "requests": obj({"cpu": qty, "memory": qty}, required=["cpu", "memory"]),
        "limits": obj({"cpu": qty, "memory": qty}, required=["memory"]),
    },
    desc="Container resources: requests (cpu, memory) and limits (memory at least) are required.",
)
probe = obj(
    {
        "path": S(pattern="^/"),
        "periodSeconds": I(minimum=1),
        "timeoutSeconds": I(minimum=1),
        "failureThreshold": I(minimum=1),
    }
)
autoscaling = obj(
    {
        "enabled": B(),
        "minReplicas": I(minimum=1),
        "maxReplicas": I(minimum=1),
        "targetCPUUtilizationPercentage": I(minimum=1, maximum=100),
    }
)
peer = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "workload": S(pattern=name_re),
        "components": {"type": "array", "items": S(pattern=name_re), "minItems": 1},
        "platform": {"enum": ["dns", "collector", "traefik", "cnpgOperator"]},
        "namespace": S(pattern=name_re),
        "podLabels": strmap,
    },
    "oneOf": [
        {"required": ["workload"]},
        {"required": ["platform"]},
        {"required": ["namespace", "podLabels"]},
    ],
}
platform_peer = obj({"namespace": S(pattern=name_re), "podLabels": strmap})
port = I(minimum=1, maximum=65535)
ports = {"type": "array", "items": port, "minItems": 1}
cidrs = {"type": "array", "items": S(pattern=r"^[0-9a-fA-F.:]+/[0-9]{1,3}$")}
nullable_int = {"type": ["integer", "null"], "minimum": 1}
schema = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "values of a property-platform workload chart (service-lib)",
    **obj(
        {
            "global": anymap,
            "service-lib": dict(anymap, description="set by Helm for the library dependency"),
            "nameOverride": S(),
            "fullnameOverride": S(),
            "partOf": S(),
            "commonLabels": strmap,
            "argocd": obj({"syncWaves": B("Argo CD sync-wave annotations and the migration Sync hook")}),
            "image": obj(
                {
                    "repository": S(minLength=1),
                    "tag": {"type": "string", "description": "never latest", "not": {"const": "latest"}},
                    "digest": S(pattern="^(sha256:[a-f0-9]{64})?$"),
                    "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
                    "pullSecrets": {"type": "array", "items": S()},
                }
            ),
            "component": S(pattern=name_re),
            "serviceComponent": {"enum": ["", "api", "admin"]},
            "containerPort": port,
            "service": obj({"port": port}),
            "replicas": I(minimum=0),
            "resources": resources,
            "autoscaling": autoscaling,
            "pdb": obj(
                {
                    "enabled": B(),
                    "maxUnavailable": {"type": ["integer", "string"]},
                    "minAvailable": {"type": ["integer", "string", "null"]},
                }
            ),
            "topologySpread": obj(
                {
                    "topologyKeys": {"type": "array", "items": S(), "minItems": 1},
                    "maxSkew": I(minimum=1),
                    "whenUnsatisfiable": {"enum": ["DoNotSchedule", "ScheduleAnyway"]},
                }
            ),
            "probes": obj({"hostHeader": S(), "startup": probe, "liveness": probe, "readiness": probe}),
            "shutdown": obj(
                {
                    "gracefulTimeoutSeconds": I(minimum=0),
                    "preStopSleepSeconds": I(minimum=0),
                    "marginSeconds": I(minimum=0),
                }
            ),
            "gunicorn": obj({"enabled": B(), "workers": I(minimum=1), "threads": I(minimum=1)}),
            "podSecurityContext": {
                "type": "object",
                "required": ["runAsNonRoot", "seccompProfile"],
                "properties": {"runAsNonRoot": {"const": True}},
            },
            "containerSecurityContext": {
                "type": "object",
                "required": [
                    "runAsNonRoot",
                    "readOnlyRootFilesystem",
                    "allowPrivilegeEscalation",
                    "capabilities",
                    "seccompProfile",
                ],
                "properties": {
                    "runAsNonRoot": {"const": True},
                    "readOnlyRootFilesystem": {"const": True},
                    "allowPrivilegeEscalation": {"const": False},
                    "privileged": {"const": False},
                },
            },
            "tmpSizeLimit": qty,
            "writablePaths": {"type": "array", "items": S(pattern="^/")},
            "serviceAccount": obj({"create": B(), "name": S(), "annotations": strmap}),
            "podLabels": strmap,
            "podAnnotations": strmap,
            "nodeSelector": strmap,
            "tolerations": {"type": "array", "items": anymap},
            "affinity": anymap,
            "priorityClassName": S(),
            "otel": obj({"enabled": B(), "serviceName": S(), "endpoint": S()}),
            "env": {
                "type": "object",
                "propertyNames": {"pattern": env_re},
                "additionalProperties": {"type": ["string", "number", "boolean", "null"]},
            },
            "extraEnv": {"type": "array", "items": {"type": "object", "required": ["name"]}},
            "secret": obj(
                {
                    "name": S(),
                    "create": B(),
                    "keys": {"type": "array", "items": S(pattern=env_re)},
                    "data": {
                        "type": "object",
                        "propertyNames": {"pattern": env_re},
                        "additionalProperties": {"type": "string"},
                    },
                }
            ),
            "calls": {
                "type": "array",
                "items": obj(
                    {
                        "name": S(pattern=name_re),
                        "port": port,
                        "envPrefix": S(pattern=env_re),
                        "token": B(),
                        "components": {"type": "array", "items": S(pattern=name_re)},
                    },
                    required=["name", "port", "envPrefix", "token"],
                ),
            },
            "database": obj(
                {
                    "enabled": B(),
                    "external": obj(
                        {
                            "enabled": B(),
                            "secretName": S(),
                            "secretKey": S(minLength=1),
                            "cidrs": cidrs,
                            "port": port,
                        }
                    ),
                    "cnpg": obj(
                        {
                            "clusterName": S(),
                            "instances": I(minimum=1),
                            "imageName": S(),
                            "database": S(pattern="^[a-z_][a-z0-9_]*$"),
                            "owner": S(pattern="^[a-z_][a-z0-9_]*$"),
                            "storage": obj({"size": qty, "storageClass": S()}),
                            "postgresql": anymap,
                            "resources": resources,
                        }
                    ),
                    "statefulSet": obj(
                        {
                            "enabled": B(
                                "Run PostgreSQL as a single-instance StatefulSet of this chart instead of a"
                                " CloudNativePG Cluster (clusters without the operator, e.g. tools/cluster)"
                            ),
                            "image": obj(
                                {
                                    "repository": S(minLength=1),
                                    "tag": {"type": "string", "minLength": 1, "not": {"const": "latest"}},
                                    "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
                                }
                            ),
                            "runAsUser": I("uid of the postgres user in the image", minimum=1),
                            "fsGroup": I("gid of the postgres user in the image", minimum=1),
                            "storage": obj({"size": qty, "storageClass": S()}),
                            "resources": resources,
                        }
                    ),
                }
            ),
            "migrations": obj(
                {
                    "enabled": B(),
                    "command": {"type": "array", "items": S(), "minItems": 1},
                    "backoffLimit": I(minimum=0),
                    "activeDeadlineSeconds": nullable_int,
                    "ttlSecondsAfterFinished": {"type": ["integer", "null"], "minimum": 0},
                    "resources": resources,
                }
            ),
            "admin": obj(
                {
                    "enabled": B(),
                    "replicas": I(minimum=0),
                    "resources": resources,
                    "hosts": {"type": "array", "items": S()},
                    "allowFrom": {"type": "array", "items": peer},
                }
            ),
            "cronJobs": {
                "type": "array",
                "items": obj(
                    {
                        "name": S(pattern=name_re, maxLength=30),
                        "schedule": S(minLength=9),
                        "timeZone": S(),
                        "command": {"type": "array", "items": S(), "minItems": 1},
                        "calls": {"type": "array", "items": S(pattern=name_re)},
                        "resources": resources,
                        "suspend": B(),
                        "backoffLimit": I(minimum=0),
                        "startingDeadlineSeconds": I(minimum=10),
                    },
                    required=["name", "schedule", "command"],
                ),
            },
            "persistence": obj(
                {
                    "enabled": B(),
                    "mountPath": S(pattern="^/"),
                    "existingClaim": S(),
                    "accessModes": {
                        "type": "array",
                        "items": {
                            "enum": ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod", "ReadOnlyMany"]
                        },
                        "minItems": 1,
                    },
                    "size": qty,
                    "storageClass": S(),
                }
            ),
            "networkPolicy": obj(
                {
                    "enabled": B(),
                    "defaultDeny": B(),
                    "allowFrom": {"type": "array", "items": peer},
                    "platform": obj(
                        {
                            "dns": platform_peer,
                            "traefik": platform_peer,
                            "collector": obj(
                                {"namespace": S(pattern=name_re), "podLabels": strmap, "ports": ports}
                            ),
                            "cnpgOperator": obj(
                                {"namespace": S(pattern=name_re), "podLabels": strmap, "ports": ports}
                            ),
                            "apiServer": obj({"cidrs": cidrs, "ports": ports}),
                        }
                    ),
                }
            ),
            "ingressRoute": obj(
                {
                    "enabled": B(),
                    "hosts": {"type": "array", "items": S()},
                    "routes": {
                        "type": "array",
                        "items": obj(
                            {
                                "pathPrefix": S(pattern="^/"),
                                "service": S(pattern=name_re),
                                "port": port,
                                "middlewares": {"type": "array", "items": S()},
                                "priority": I(minimum=1),
                            },
                            required=["pathPrefix"],
                        ),
                    },
                    "entryPoints": {"type": "array", "items": S(), "minItems": 1},
                    "defaultMiddlewares": {"type": "array", "items": S()},
                    "tls": obj({"enabled": B(), "secretName": S(), "certResolver": S()}),
                }
            ),
            "middlewares": {
                "type": "object",
                "propertyNames": {"pattern": name_re},
                "additionalProperties": {"type": ["object", "null"]},
            },
        },
        required=[
            "image",
            "component",
            "containerPort",
            "service",
            "replicas",
            "resources",
            "probes",
            "shutdown",
            "podSecurityContext",
            "containerSecurityContext",
            "serviceAccount",
            "otel",
            "secret",
            "calls",
            "database",
            "migrations",
            "admin",
            "cronJobs",
            "persistence",
            "networkPolicy",
            "ingressRoute",
            "middlewares",
            "autoscaling",
            "pdb",
            "topologySpread",
            "gunicorn",
            "argocd",
            "env",
            "partOf",
            "tmpSizeLimit",
            "writablePaths",
        ],
    ),
}
text = json.dumps(schema, indent=2) + "\n"
(HERE / "values.schema.json").write_text(text)
for c in [
    "property-service",
    "financial-service",
    "maintenance-service",
    "bff",
    "tenant-portal",
    "market-portal",
]:
    (HERE.parent / "charts" / c / "values.schema.json").write_text(text)
print(f"wrote {len(text)} bytes to 7 files")

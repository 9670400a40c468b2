"""Validates YAML files against manifests/kiln.schema.json, reading a JSON list of paths on stdin.

YAML is read with the YAML 1.2 core schema, as Kiln reads it: only true/false are booleans,
so `yes` stays a string. Prints a JSON object: path -> "valid" | "invalid" | "unloadable".
"""
import json
import re
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core booleans (no yes/no/on/off)."""


CoreLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def main():
    schema_path, paths = sys.argv[1], json.load(sys.stdin)
    validator = jsonschema.Draft202012Validator(json.load(open(schema_path)))
    verdicts = {}
    for path in paths:
        try:
            with open(path, "rb") as handle:
                document = yaml.load(handle.read().decode("utf-8"), Loader=CoreLoader)
        except Exception:
            verdicts[path] = "unloadable"
            continue
        verdicts[path] = "valid" if validator.is_valid(document) else "invalid"
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    main()

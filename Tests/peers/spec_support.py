"""Loading OpenAI's official OpenAPI spec for the conformance tests.

The spec declares OpenAPI 3.1 (JSON Schema 2020-12) but still carries a few OpenAPI 3.0 forms;
those are rewritten here, in one place, before any validation:
- `exclusiveMinimum: true` / `exclusiveMaximum: true` beside `minimum` / `maximum` (3.0) become
  the 2020-12 numeric forms. Read literally by a 2020-12 validator, `true` is the number 1, so
  `learning_rate_multiplier: 0.5` would be refused although the spec's own text allows it.
"""
import os

import yaml


def spec_path():
    path = os.environ.get("OPENAI_OPENAPI_SPEC")
    return path if path and os.path.exists(path) else None


def load_spec(path):
    with open(path) as handle:
        spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _modernise(spec)
    return spec


def _modernise(node):
    if isinstance(node, dict):
        for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if node.get(bound) is True and limit in node:
                node[bound] = node.pop(limit)
            elif node.get(bound) is False:
                del node[bound]
        for value in node.values():
            _modernise(value)
    elif isinstance(node, list):
        for value in node:
            _modernise(value)

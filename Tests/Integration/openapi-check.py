#!/usr/bin/env python3
"""Check the OpenAPI document of the control-plane API against its contract.

The document is the JSON literal of Sources/ControlAPI/OpenAPIDocument.swift (between
`#\"\"\"` and `\"\"\"#`). Checks, all reported at once:
  1. it is JSON and a valid OpenAPI 3.0 document (openapi-spec-validator);
  2. every route of the table in Sources/ControlModels/Endpoints.swift is in it, with its
     method, full path (/api/v1 prefix, except the health checks), security (`[]` for the
     "anyone" routes, bearerAuth for the rest) and 201/204 replies as the table says; and no
     operation that the table lacks;
  3. every operation has an operationId (unique), a summary and a tag; every path parameter
     is declared; every 4xx/5xx reply is a problem document (application/problem+json);
  4. components/schemas has a schema for every Codable type of Sources/ControlModels, whose
     properties, `required` list (the non-optional properties), types and enum values
     match the Swift declarations.

Usage:
  python3 Tests/Integration/openapi-check.py [--doc FILE] [--models DIR]
  python3 Tests/Integration/openapi-check.py --self-test   # proves the checks catch breakage
Needs `pip install openapi-spec-validator`. Exit 0 when every check passed, 1 otherwise.
"""
import argparse
import copy
import glob
import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PREFIX = "/api/v1"
PROBLEM = "application/problem+json"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


# ---------------------------------------------------------------- inputs

def extract_json(swift_text):
    """The text between the first `#\"\"\"` and the following `\"\"\"#`, checked for what
    would not compile or would not be the same JSON once Swift reads it."""
    start = swift_text.find('#"""')
    if start < 0:
        raise ValueError('no #""" (start of the raw string literal) in the Swift file')
    end = swift_text.find('"""#', start + 4)
    if end < 0:
        raise ValueError('no """# (end of the raw string literal) in the Swift file')
    body = swift_text[start + 4:end]
    if "\\#" in body:
        raise ValueError("the literal contains \\# (an escape in a #-raw string): the JSON Swift sees would differ")
    lines = body.split("\n")
    closing_indent = lines[-1]
    if closing_indent.strip():
        raise ValueError('"""# must be on a line of its own')
    for n, line in enumerate(lines[1:-1], 1):
        if line.strip() and not line.startswith(closing_indent):
            raise ValueError(f"line {n} of the literal is indented less than the closing \"\"\"# (does not compile)")
    return body


def parse_route_table(endpoints_text):
    """[(method, full path, who, reply)] from the markdown table of the doc comment."""
    routes = []
    for line in endpoints_text.splitlines():
        m = re.match(r"^\s*///\s*\|(.*)\|\s*$", line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(1).split("|")]
        if len(cells) != 4 or cells[0] in ("method", "") or set(cells[0]) <= set("-"):
            continue
        methods, path_cell, reply, who = cells
        no_prefix = "no /api/v1 prefix" in path_cell
        path_cell = re.sub(r"\([^)]*\)", "", path_cell)
        for path in (p.strip() for p in path_cell.split(",")):
            if not path.startswith("/"):
                raise ValueError(f"route table: cannot read the path of row {line.strip()!r}")
            full = path if no_prefix else PREFIX + path
            for method in methods.split("/"):
                routes.append((method.strip().lower(), full, who, reply))
    if not routes:
        raise ValueError("no route table found in Endpoints.swift")
    return routes


def parse_models(sources):
    """{struct name: {prop: (swift type, optional)}}, {enum name: [raw values]} of the
    Codable types in the Swift sources."""
    structs, enums = {}, {}
    for text in sources:
        current, kind = None, None
        for line in text.splitlines():
            m = re.match(r"^public (struct|enum) (\w+)\s*:\s*([^{]*)\{", line)
            if m:
                kind, current = m.group(1), m.group(2)
                conformances = m.group(3)
                if "Codable" not in conformances:
                    current = None
                elif kind == "struct":
                    structs[current] = {}
                elif "String" in conformances.split(",")[0]:
                    enums[current] = []
                else:
                    current = None  # JSON: a free-form value, not a string enum
                continue
            if line.startswith("}"):
                current = None
                continue
            if current is None:
                continue
            if kind == "struct":
                pm = re.match(r"^\s+public var (\w+): ([^={]+?)\s*$", line)
                if pm:
                    t = pm.group(2)
                    structs[current][pm.group(1)] = (t.rstrip("?"), t.endswith("?"))
            else:
                cm = re.match(r'^\s+case (\w+)(?:\s*=\s*"([^"]*)")?\s*$', line)
                if cm:
                    enums[current].append(cm.group(2) if cm.group(2) is not None else cm.group(1))
    return structs, enums


# ---------------------------------------------------------------- checks

def resolve(doc, obj):
    seen = 0
    while isinstance(obj, dict) and "$ref" in obj:
        ref = obj["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"external $ref {ref}")
        obj = doc
        for part in ref[2:].split("/"):
            obj = obj[part]
        seen += 1
        if seen > 20:
            raise ValueError(f"$ref loop at {ref}")
    return obj


def check_type(doc, where, swift_type, schema, errors, structs, enums):
    """Does `schema` describe values of `swift_type`?"""
    s = resolve(doc, schema)
    if swift_type.startswith("[") and swift_type.endswith("]"):
        inner = swift_type[1:-1]
        if ":" in inner:  # [String: T]
            value = inner.split(":", 1)[1].strip()
            if s.get("type") != "object" or not isinstance(s.get("additionalProperties"), dict):
                errors.append(f"{where}: {swift_type} needs type object with additionalProperties")
            else:
                check_type(doc, where + "{}", value, s["additionalProperties"], errors, structs, enums)
            return
        if s.get("type") != "array" or "items" not in s:
            errors.append(f"{where}: {swift_type} needs type array with items")
            return
        check_type(doc, where + "[]", inner, s["items"], errors, structs, enums)
        return
    simple = {"String": "string", "Bool": "boolean", "Int": "integer", "Int32": "integer",
              "Int64": "integer", "UInt32": "integer", "UInt64": "integer", "Double": "number"}
    if swift_type in simple:
        if s.get("type") != simple[swift_type]:
            errors.append(f"{where}: {swift_type} needs type {simple[swift_type]}, has {s.get('type')!r}")
        if swift_type == "UInt32" and (s.get("minimum") != 0 or s.get("maximum") != 4294967295):
            errors.append(f"{where}: UInt32 needs minimum 0 and maximum 4294967295")
        if swift_type == "UInt64" and (s.get("minimum") is None or s.get("minimum") < 0 or s.get("format") != "int64"):
            errors.append(f"{where}: UInt64 needs a minimum of 0 or more and format int64")
        if swift_type == "Int32" and s.get("format") != "int32":
            errors.append(f"{where}: Int32 needs format int32")
        return
    if swift_type == "JSON":
        t = s.get("type")
        if t not in (None, "object") or (t == "object" and s.get("additionalProperties") is not True):
            errors.append(f"{where}: JSON needs {{}} (any) or type object with additionalProperties true")
        return
    if swift_type in structs or swift_type in enums:
        if schema.get("$ref") != f"#/components/schemas/{swift_type}":
            errors.append(f"{where}: {swift_type} needs $ref #/components/schemas/{swift_type}")
        return
    errors.append(f"{where}: the checker does not know the Swift type {swift_type}")


def check_models(doc, structs, enums, errors):
    schemas = doc.get("components", {}).get("schemas", {})
    for name, props in sorted(structs.items()):
        s = schemas.get(name)
        if s is None:
            errors.append(f"components/schemas: no schema for {name}")
            continue
        if s.get("type") != "object":
            errors.append(f"schema {name}: needs type object")
        if s.get("additionalProperties") is False:
            errors.append(f"schema {name}: additionalProperties false is wrong (the server ignores unknown keys)")
        doc_props = s.get("properties", {})
        if set(doc_props) != set(props):
            errors.append(f"schema {name}: properties {sorted(doc_props)} != Swift {sorted(props)}")
        want_required = sorted(p for p, (_, optional) in props.items() if not optional)
        if sorted(s.get("required", [])) != want_required:
            errors.append(f"schema {name}: required {sorted(s.get('required', []))} != Swift non-optional {want_required}")
        for p, (t, _) in props.items():
            if p in doc_props:
                check_type(doc, f"schema {name}.{p}", t, doc_props[p], errors, structs, enums)
    for name, values in sorted(enums.items()):
        s = schemas.get(name)
        if s is None:
            errors.append(f"components/schemas: no schema for enum {name}")
        elif s.get("type") != "string" or s.get("enum") != values:
            errors.append(f"schema {name}: needs type string, enum {values}; has {s.get('type')!r}, {s.get('enum')}")


def check_routes(doc, routes, errors):
    paths = doc.get("paths", {})
    table_ops = set()
    for method, path, who, reply in routes:
        table_ops.add((method, path))
        op = paths.get(path, {}).get(method)
        if op is None:
            errors.append(f"route {method.upper()} {path} (Endpoints.swift) is not in the document")
            continue
        public = who.startswith("anyone")
        if public and op.get("security") != []:
            errors.append(f"{method.upper()} {path}: needs security [] (the table says {who!r})")
        if not public and op.get("security") != [{"bearerAuth": []}]:
            errors.append(f"{method.upper()} {path}: needs security [{{\"bearerAuth\": []}}]")
        codes = set(op.get("responses", {}))
        if not public and "401" not in codes:
            errors.append(f"{method.upper()} {path}: needs a 401 reply")
        if who == "admin" and "403" not in codes:
            errors.append(f"{method.upper()} {path}: admin route needs a 403 reply")
        if "(201)" in reply and method == "post" and "201" not in codes:
            errors.append(f"{method.upper()} {path}: the table says 201")
        if "204" in reply and (method == "delete" or len([r for r in routes if r[1] == path]) == 1) \
                and "204" not in codes:
            errors.append(f"{method.upper()} {path}: the table says 204")
        if "429" in codes or who.endswith("(rate-limited)"):
            if "429" not in codes:
                errors.append(f"{method.upper()} {path}: rate-limited, needs a 429 reply")
        for name in re.findall(r"\b[A-Z]\w+\b", reply.replace("OpenAPI", "")):
            if name not in doc.get("components", {}).get("schemas", {}):
                errors.append(f"{method.upper()} {path}: the table names {name}, which has no schema")
    for path, item in paths.items():
        if not path.startswith(PREFIX + "/") and not path.startswith("/health"):
            errors.append(f"path {path}: not a full path (/api/v1/... or /health...)")
        for method in item:
            if method in METHODS and (method, path) not in table_ops:
                errors.append(f"{method.upper()} {path}: in the document but not in the route table")


def check_operations(doc, errors):
    ids = {}
    allowed_tags = {t["name"] for t in doc.get("tags", [])}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            oid = op.get("operationId")
            if not oid:
                errors.append(f"{where}: no operationId")
            elif oid in ids:
                errors.append(f"{where}: operationId {oid} also used by {ids[oid]}")
            else:
                ids[oid] = where
            if not op.get("summary"):
                errors.append(f"{where}: no summary")
            if not op.get("tags") or any(t not in allowed_tags for t in op["tags"]):
                errors.append(f"{where}: tags {op.get('tags')} not among the document's tags {sorted(allowed_tags)}")
            declared = {resolve(doc, p)["name"] for p in item.get("parameters", []) + op.get("parameters", [])
                        if resolve(doc, p).get("in") == "path"}
            if declared != set(re.findall(r"\{(\w+)\}", path)):
                errors.append(f"{where}: path parameters declared {sorted(declared)}")
            responses = op.get("responses", {})
            if not any(c.startswith("2") for c in responses):
                errors.append(f"{where}: no success reply")
            for code, r in responses.items():
                r = resolve(doc, r)
                content = r.get("content", {})
                if code == "204" and content:
                    errors.append(f"{where}: 204 with a body")
                if code[0] in "45" and PROBLEM not in content and not (path == "/health/ready" and code == "503"):
                    errors.append(f"{where}: reply {code} is not {PROBLEM}")
            if op.get("requestBody") and method == "get":
                errors.append(f"{where}: GET with a body")


def check(doc_text, endpoints_text, model_sources):
    """All problems found, as messages (empty: all good)."""
    errors = []
    try:
        doc = json.loads(doc_text)
    except json.JSONDecodeError as e:
        return [f"the document is not JSON: {e}"]
    try:
        from openapi_spec_validator import validate
    except ImportError:
        return ["openapi-spec-validator is missing: pip install openapi-spec-validator"]
    try:
        validate(doc)
    except Exception as e:  # the validator's own error types vary between versions
        first = (str(e).splitlines() or [type(e).__name__])[0]
        errors.append(f"not a valid OpenAPI document: {first[:300]}{'...' if len(first) > 300 else ''}")
    if doc.get("openapi") != "3.0.3":
        errors.append(f"openapi is {doc.get('openapi')!r}, not 3.0.3")
    if doc.get("servers") != [{"url": "/"}]:
        errors.append('servers must be [{"url": "/"}]')
    try:
        routes = parse_route_table(endpoints_text)
        structs, enums = parse_models(model_sources)
        check_routes(doc, routes, errors)
        check_operations(doc, errors)
        check_models(doc, structs, enums, errors)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        errors.append(f"cannot check: {type(e).__name__}: {e}")
    return errors


# ---------------------------------------------------------------- self-test

def self_test(doc_text, endpoints_text, model_sources):
    """Break the document (and the contract) in ways the checks must catch."""
    base = json.loads(doc_text)

    def broken(mutate):
        d = copy.deepcopy(base)
        mutate(d)
        return json.dumps(d)

    def drop_route(d):
        del d["paths"]["/api/v1/shares/{name}/permissions"]["put"]

    def wrong_required(d):
        d["components"]["schemas"]["User"]["required"].append("email")

    def wrong_uint(d):
        d["components"]["schemas"]["Group"]["properties"]["gid"] = {"type": "integer"}

    def public_users(d):
        d["paths"]["/api/v1/users"]["get"]["security"] = []

    def json_problem(d):
        d["components"]["responses"]["NotFound"]["content"] = {"application/json": {"schema": {}}}

    def no_schema(d):
        del d["components"]["schemas"]["PluginRescan"]

    def extra_route(d):
        d["paths"]["/api/v1/users"]["put"] = copy.deepcopy(d["paths"]["/api/v1/users"]["get"])
        d["paths"]["/api/v1/users"]["put"]["operationId"] = "replaceUsers"

    def wrong_enum(d):
        d["components"]["schemas"]["AccessLevel"]["enum"] = ["none", "read", "readWrite", "admin"]

    def invalid_openapi(d):
        d["paths"]["/api/v1/users"]["get"]["responses"]["200"] = {"content": {}}

    cases = [("a route missing", broken(drop_route), endpoints_text, model_sources),
             ("a wrong required list", broken(wrong_required), endpoints_text, model_sources),
             ("a UInt32 without bounds", broken(wrong_uint), endpoints_text, model_sources),
             ("a protected route made public", broken(public_users), endpoints_text, model_sources),
             ("an error reply that is not a problem", broken(json_problem), endpoints_text, model_sources),
             ("a type without a schema", broken(no_schema), endpoints_text, model_sources),
             ("an operation the table lacks", broken(extra_route), endpoints_text, model_sources),
             ("a wrong enum value", broken(wrong_enum), endpoints_text, model_sources),
             ("an invalid OpenAPI document", broken(invalid_openapi), endpoints_text, model_sources),
             ("not JSON", doc_text.rstrip()[:-2], endpoints_text, model_sources),
             ("a route added to the table", doc_text,
              endpoints_text.replace("/// | GET | /plugins |", "/// | GET | /plugins/{name} | → Plugin | admin |\n/// | GET | /plugins |"),
              model_sources),
             ("a property added to a model", doc_text, endpoints_text,
              [s.replace("public var email: String?", "public var email: String?\n    public var phone: String") for s in model_sources])]
    failed = 0
    clean = check(doc_text, endpoints_text, model_sources)
    if clean:
        print("self-test: FAIL the unchanged document does not pass:", *clean, sep="\n  ")
        failed += 1
    for name, d, e, m in cases:
        errs = check(d, e, m)
        if errs:
            print(f"self-test: ok   {name}: {errs[0]}")
        else:
            print(f"self-test: FAIL {name}: not detected")
            failed += 1
    try:
        extract_json('x = #"""\n  {}\n    """#')
        print("self-test: FAIL a badly indented literal: not detected")
        failed += 1
    except ValueError as e:
        print(f"self-test: ok   a badly indented literal: {e}")
    print(f"openapi-check self-test: {len(cases) + 2 - failed} passed, {failed} failed")
    return failed == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doc", default=os.path.join(ROOT, "Sources/ControlAPI/OpenAPIDocument.swift"))
    ap.add_argument("--models", default=os.path.join(ROOT, "Sources/ControlModels"))
    ap.add_argument("--self-test", action="store_true", help="check that the checks catch breakage")
    args = ap.parse_args()
    try:
        with open(args.doc, encoding="utf-8") as f:
            doc_text = extract_json(f.read())
        with open(os.path.join(args.models, "Endpoints.swift"), encoding="utf-8") as f:
            endpoints_text = f.read()
        model_sources = []
        for path in sorted(glob.glob(os.path.join(args.models, "*.swift"))):
            with open(path, encoding="utf-8") as f:
                model_sources.append(f.read())
    except (OSError, ValueError) as e:
        print(f"openapi-check: FAIL {e}")
        return 1
    if args.self_test:
        return 0 if self_test(doc_text, endpoints_text, model_sources) else 1
    errors = check(doc_text, endpoints_text, model_sources)
    doc = json.loads(doc_text) if not errors or not errors[0].startswith("the document is not JSON") else {}
    n_ops = sum(1 for item in doc.get("paths", {}).values() for m in item if m in METHODS)
    for e in errors:
        print(f"openapi-check: FAIL {e}")
    if errors:
        print(f"openapi-check: {len(errors)} problem(s) in {os.path.relpath(args.doc, ROOT)}")
        return 1
    print(f"openapi-check: ok ({n_ops} operations, {len(parse_route_table(endpoints_text))} routes of the table, "
          f"{len(doc['components']['schemas'])} schemas; valid OpenAPI {doc['openapi']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

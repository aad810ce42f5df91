#!/usr/bin/env python3
"""validate.py SCHEMA_DIR TRACE_DIR: every body kiosk-hub --trace wrote
(PID-N-ENDPOINT-request.json, PID-N-ENDPOINT-answer-CODE.json) against
protocol v1's JSON Schemas, with Debian's python3-jsonschema. Prints one
line per problem and a summary; exit status 1 when any file fails."""
import json, os, re, sys
from jsonschema import Draft202012Validator

args = sys.argv[1:]
expect_bad = set()
while args and args[0] == "--expect-invalid":     # appointment ids a test publishes broken
    expect_bad.add(args[1]); args = args[2:]
schemas, trace = args[0], args[1]
def load(name):
    with open(os.path.join(schemas, name + ".schema.json")) as f:
        s = json.load(f)
    Draft202012Validator.check_schema(s)
    return Draft202012Validator(s)
v = {n: load(n) for n in ("orders-request", "orders-answer", "changes-answer",
                          "quarantine-request", "quarantine-answer", "error-answer")}
with open(os.path.join(schemas, "changes-answer.schema.json")) as f:
    full = json.load(f)
appt = Draft202012Validator({"$defs": full["$defs"], "$ref": "#/$defs/appointment"})
seen_bad = set()
name_re = re.compile(r"^\d+-\d+-(orders|changes|quarantine|other)-(request|answer-(\d{3}))\.json$")
bad = checked = 0
for fn in sorted(os.listdir(trace)):
    m = name_re.match(fn)
    if not m:
        continue
    endpoint, what, code = m.group(1), m.group(2), m.group(3)
    with open(os.path.join(trace, fn), "rb") as f:
        raw = f.read()
    if what == "request":
        if endpoint in ("changes", "other") or not raw:
            continue        # GET has no body; a 404's body is not the protocol's
        key = endpoint + "-request"
    elif code == "200":
        key = endpoint + "-answer"
    else:
        key = "error-answer"
    try:
        doc = json.loads(raw)
    except ValueError as e:
        if what == "request":
            continue        # the tests' deliberately broken requests (answered 400)
        print(f"{fn}: not JSON: {e}"); bad += 1; continue
    if key == "changes-answer" and isinstance(doc, dict) and isinstance(doc.get("appointments"), list):
        # A broken item a test published on purpose must fail the schema on
        # its own; the rest of the page is checked as usual.
        keep = []
        for a in doc["appointments"]:
            if isinstance(a, dict) and a.get("id") in expect_bad:
                if not list(appt.iter_errors(a)):
                    print(f"{fn}: {a.get('id')}: published broken but the schema accepts it"); bad += 1
                seen_bad.add(a.get("id"))
            else:
                keep.append(a)
        doc["appointments"] = keep
    errors = list(v[key].iter_errors(doc))
    if what == "request" and errors and os.path.exists(os.path.join(trace, fn.replace("request", "answer-400"))):
        continue            # a deliberately bad request, refused with 400: as it should
    checked += 1
    for e in errors[:3]:
        print(f"{fn}: {key}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    bad += bool(errors)
for b in expect_bad - seen_bad:
    print(f"{b}: expected in a changes answer, never seen"); bad += 1
print(f"{checked} messages checked against protocol v1, {bad} invalid")
sys.exit(1 if bad or not checked else 0)

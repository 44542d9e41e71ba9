#!/usr/bin/env python3
"""Every case of a test program that meson runs one case at a time is registered.

usage: cases_registered.py MESON BUILD_DIR

A test program given case names as arguments runs only those; a case its source lists (T_CASE) that no
meson test names would never run. Programs meson runs without arguments run all their cases."""
import json
import re
import subprocess
import sys
from collections import defaultdict

meson, build = sys.argv[1], sys.argv[2]


def introspect(what):
    out = subprocess.run([meson, "introspect", what, build], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


sources = {}  # executable path -> its C sources
for t in introspect("--targets"):
    if t["type"] == "executable":
        for f in t["filename"]:
            sources[f] = [s for tgt in t["target_sources"] for s in tgt["sources"] if s.endswith(".c")]

args = defaultdict(set)  # executable -> the case names meson passes it
whole = set()  # executables meson also runs without case arguments
for t in introspect("--tests"):
    exe = t["cmd"][0]
    if exe not in sources:
        continue
    names = [a for a in t["cmd"][1:] if not a.startswith("-")]
    if names:
        args[exe].update(names)
    else:
        whole.add(exe)

missing = 0
checked = 0
for exe, names in sorted(args.items()):
    if exe in whole:
        continue
    for src in sources[exe]:
        with open(src, encoding="utf-8") as f:
            cases = re.findall(r"T_CASE\((\w+)\)", f.read())
        for c in cases:
            checked += 1
            if c not in names:
                print(f"{src}: case {c} is not a meson test")
                missing += 1
if checked == 0:
    print("no program in this build runs case by case (a build without media): nothing to check")
    sys.exit(77)  # meson: skipped
print(f"{checked} cases checked, {missing} not registered")
sys.exit(1 if missing else 0)

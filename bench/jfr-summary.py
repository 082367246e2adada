#!/usr/bin/env python3
"""Summarises the execution samples of a JFR recording: top frames by method (self time), and the share
of samples whose stack passes through each conntrail module (inclusive time).

usage: bench/jfr-summary.py RECORDING.jfr [TOP]
"""
import re
import subprocess
import sys
from collections import Counter

recording = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
                      capture_output=True, text=True, check=True).stdout
frame = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:")
stacks = []
current = None
for line in text.splitlines():
    if "stackTrace = [" in line:
        current = []
    elif current is not None:
        m = frame.match(line)
        if m:
            current.append(m.group(1))
        elif line.strip() in ("]", "..."):
            stacks.append(current)
            current = None
total = len(stacks)
if total == 0:
    sys.exit("no execution samples")
self_time = Counter(s[0] for s in stacks if s)
print(f"{total} samples\n\nself time, top {top} methods:")
for method, n in self_time.most_common(top):
    print(f"  {100.0 * n / total:5.1f}%  {method}")
modules = [("capture (reader + decoder)", "dev.conntrail.capture."),
           ("tracker", "dev.conntrail.tracker."),
           ("cli output (printers)", "dev.conntrail.cli.output."),
           ("jackson", "com.fasterxml.jackson.")]
print("\ninclusive, by where the sample's top conntrail frame is:")
owner = Counter()
for s in stacks:
    name = "other (JVM, JDK)"
    for f in s:
        hit = next((label for label, prefix in modules if f.startswith(prefix)), None)
        if hit:
            name = hit
            break
    owner[name] += 1
for name, n in owner.most_common():
    print(f"  {100.0 * n / total:5.1f}%  {name}")

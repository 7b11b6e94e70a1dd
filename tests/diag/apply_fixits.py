# SPDX-License-Identifier: BSD-3-Clause
"""apply_fixits.py JSON SOURCE OUT -- applies every fix-it of micac's json
diagnostics (byte columns from 1, end exclusive) for SOURCE to its text
and writes OUT: what an editor's "apply all fixes" would do."""
import json
import sys

diags = json.load(open(sys.argv[1], encoding='utf-8'))
lines = open(sys.argv[2], 'rb').read().split(b'\n')
edits = []
for d in diags:
    for f in d['fixits'] + [f for c in d['children'] for f in c['fixits']]:
        assert f['start']['line'] == f['end']['line'], f
        edits.append((f['start']['line'], f['start']['column'],
                      f['end']['column'], f['string'].encode()))
# from the last edit on each line backwards, so columns stay right
for line, start, end, text in sorted(edits, reverse=True):
    b = lines[line - 1]
    lines[line - 1] = b[:start - 1] + text + b[end - 1:]
open(sys.argv[3], 'wb').write(b'\n'.join(lines))

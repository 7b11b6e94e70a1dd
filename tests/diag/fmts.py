# SPDX-License-Identifier: BSD-3-Clause
"""The format strings of every mica_error/mica_warning call in the C,
flex and bison sources, as written (adjacent literals joined, a PRI
macro kept as its name in braces), so they can be compared with the
rule table in src/support/diag_rules.c, also read as written."""
import re
import sys
from pathlib import Path

CALL = re.compile(r'\bmica_(error|warning|error_file)\s*\(')
LIT = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|(PRI[a-zA-Z0-9]+))')


def literal_run(text, pos):
    """The joined literal starting at pos (after spaces), or None."""
    out, m = [], LIT.match(text, pos)
    while m:
        out.append(m.group(1) if m.group(1) is not None
                   else '{' + m.group(2) + '}')
        pos = m.end()
        m = LIT.match(text, pos)
    return ''.join(out) if out else None


def calls(root):
    """(file, kind, format) of every call under root/src."""
    for path in sorted(Path(root, 'src').rglob('*')):
        if path.suffix not in ('.c', '.l', '.y') or path.name in (
                'diag.c', 'diag_rules.c'):
            continue
        text = path.read_text(errors='replace')
        for m in CALL.finditer(text):
            # the format is the first literal after the call's commas
            i = m.end()
            depth, commas = 0, 0
            need = 1 if m.group(1) == 'error_file' else 2
            while i < len(text) and commas < need:
                c = text[i]
                if c in '([':
                    depth += 1
                elif c in ')]':
                    depth -= 1
                elif c == ',' and depth == 0:
                    commas += 1
                i += 1
            fmt = literal_run(text, i)
            if fmt is not None:
                yield str(path.relative_to(root)), m.group(1), fmt


def table(root):
    """{format: rule id} of the table in diag_rules.c."""
    text = Path(root, 'src/support/diag_rules.c').read_text()
    rules = {}
    for m in re.finditer(r'RULE\(\s*"([^"]+)"', text):
        pass
    cur = None
    for line in text.splitlines():
        r = re.match(r'\s*RULE\("([^"]+)"', line)
        if r:
            cur = r.group(1)
    # formats: FMT(...) lines belong to the latest RULE above them
    pos = 0
    cur = None
    token = re.compile(r'RULE\("([^"]+)"|FMT\(')
    for m in token.finditer(text):
        if m.group(1):
            cur = m.group(1)
        else:
            fmt = literal_run(text, m.end())
            rules[fmt] = cur
    return rules


if __name__ == '__main__':
    root = sys.argv[1]
    known = table(root)
    bad = 0
    for path, kind, fmt in calls(root):
        if fmt not in known:
            print(f'{path}: mica_{kind} format not in the rule table: '
                  f'"{fmt}"')
            bad += 1
    sys.exit(1 if bad else 0)

# SPDX-License-Identifier: BSD-3-Clause
"""json_check.py SOURCE_DIR TEXT JSON SARIF -- micac's json format has the
shape micac(1) documents, and the text (standard error of the same run,
--color=never), json and sarif outputs list the same diagnostics: the
same errors and warnings in order with the same lines and columns (SARIF
columns converted from bytes to code points here, from the sources in
SOURCE_DIR), the same notes, and the same fix-its. Exit 0 when all
holds."""
import json
import re
import sys
from pathlib import Path

errors = []


def fail(msg):
    errors.append(msg)


def is_uint(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


LOC_KEYS = {'file', 'line', 'column', 'end_line', 'end_column'}
POINT_KEYS = {'file', 'line', 'column'}


def check_fixit(f, where):
    if not isinstance(f, dict) or set(f) != {'start', 'end', 'string'}:
        return fail(f'{where}: fix-it keys {sorted(f)}')
    for k in ('start', 'end'):
        if set(f[k]) != POINT_KEYS or not isinstance(f[k]['file'], str) \
                or not is_uint(f[k]['line']) or f[k]['line'] < 1 \
                or not is_uint(f[k]['column']) or f[k]['column'] < 1:
            fail(f'{where}: fix-it {k} malformed: {f[k]}')
    if not isinstance(f['string'], str):
        fail(f'{where}: fix-it string not a string')
    if (f['end']['line'], f['end']['column']) < (f['start']['line'],
                                                 f['start']['column']):
        fail(f'{where}: fix-it ends before it starts')


def check_msg(d, where, top):
    keys = {'kind', 'message', 'locations', 'fixits'}
    keys |= {'rule', 'children'} if top else {'path_hop'}
    extra = set(d) - keys - ({'file'} if top else set())
    if keys - set(d) or extra:
        return fail(f'{where}: keys {sorted(d)}')
    kinds = ('error', 'warning', 'note') if top else ('note',)
    if d['kind'] not in kinds:
        fail(f'{where}: kind {d["kind"]!r}')
    if not isinstance(d['message'], str) or not d['message']:
        fail(f'{where}: message')
    if top and not (d['rule'] is None and d['kind'] == 'note'
                    or isinstance(d['rule'], str)
                    and re.fullmatch(r'mica(\.[a-z-]+)+', d['rule'])):
        fail(f'{where}: rule {d["rule"]!r}')
    if not top and not isinstance(d['path_hop'], bool):
        fail(f'{where}: path_hop')
    if not isinstance(d['locations'], list) or len(d['locations']) > 1:
        return fail(f'{where}: locations')
    for loc in d['locations']:
        if set(loc) != LOC_KEYS or not all(
                is_uint(loc[k]) for k in LOC_KEYS - {'file'}) \
                or loc['line'] < 1 or loc['column'] < 1 \
                or (loc['end_line'], loc['end_column']) < (loc['line'],
                                                           loc['column']):
            fail(f'{where}: location {loc}')
    if not d['locations'] and top and not isinstance(d.get('file'), str):
        fail(f'{where}: no location and no file')
    if not isinstance(d['fixits'], list):
        return fail(f'{where}: fixits')
    for i, f in enumerate(d['fixits']):
        check_fixit(f, f'{where}.fixits[{i}]')
    if top:
        if not isinstance(d['children'], list):
            return fail(f'{where}: children')
        for i, c in enumerate(d['children']):
            check_msg(c, f'{where}.children[{i}]', False)


HEAD = re.compile(r'^(.+?):(\d+):(\d+): (error|warning|note): (.*)$')
FILE_HEAD = re.compile(r'^(.+?): (error|warning|note): (.*)$')


def parse_text(text):
    """[(kind, line, col, message, notes, nfixits)] from micac's text:
    a header line, maybe an excerpt (a numbered line and a caret line),
    then fix-it lines (more '      | ' lines)."""
    out, excerpt = [], 0
    for line in text.splitlines():
        m = HEAD.match(line)
        f = None if m else FILE_HEAD.match(line)
        if m or f:
            kind = m.group(4) if m else f.group(2)
            ln, col = (int(m.group(2)), int(m.group(3))) if m else (0, 0)
            msg = m.group(5) if m else f.group(3)
            if kind == 'note' and out and not msg.startswith(
                    'too many errors'):
                out[-1][4].append((ln, col, msg))
            else:
                out.append([kind, ln, col, msg, [], 0])
            excerpt = 0
        elif re.match(r'^ {0,4}\d+ \| ', line):
            excerpt = 1
        elif line.startswith('      | '):
            if excerpt == 1:
                excerpt = 2            # the caret line
            elif excerpt == 2 and out:
                out[-1][5] += 1        # a fix-it line
        else:
            fail(f'text: unexpected line {line!r}')
    return out


def cp_column(src_dir, file, line, col):
    """Byte column col of line as a code point column."""
    data = Path(src_dir, file).read_bytes().split(b'\n')[line - 1]
    i, cp = 0, 1
    while i < col - 1 and i < len(data):
        b = data[i]
        n = 1 if b < 0x80 else 2 if b >> 5 == 6 else 3 if b >> 4 == 14 \
            else 4 if b >> 3 == 30 else 1
        try:
            data[i:i + n].decode('utf-8')
        except UnicodeDecodeError:
            n = 1
        i += n
        cp += 1
    return cp + max(0, col - 1 - i)


def main():
    src_dir, text_f, json_f, sarif_f = sys.argv[1:5]
    text = parse_text(Path(text_f).read_text(errors='replace'))
    js = json.loads(Path(json_f).read_bytes().decode('utf-8'))
    sarif = json.loads(Path(sarif_f).read_bytes().decode('utf-8'))
    if not isinstance(js, list):
        fail('json: not an array')
        js = []
    for i, d in enumerate(js):
        check_msg(d, f'json[{i}]', True)
    js_top = [d for d in js if d.get('rule') is not None]
    text_top = [t for t in text if not t[3].startswith('too many errors')]
    results = sarif['runs'][0].get('results', [])
    if not len(text_top) == len(js_top) == len(results):
        fail(f'counts differ: text {len(text_top)}, json {len(js_top)}, '
             f'sarif {len(results)}')
    for t, j, s in zip(text_top, js_top, results):
        loc = j['locations'][0] if j['locations'] else None
        jl = (loc['line'], loc['column']) if loc else (0, 0)
        if (t[0], t[1], t[2], t[3]) != (j['kind'], *jl, j['message']):
            fail(f'text {t[:4]} != json {j["kind"], jl, j["message"]}')
        if s['level'] != j['kind'] or s['message']['text'] != j['message'] \
                or s['ruleId'] != j['rule']:
            fail(f'sarif {s["ruleId"], s["level"]} != json '
                 f'{j["rule"], j["kind"]}')
        reg = s['locations'][0]['physicalLocation'].get('region')
        if loc:
            want = (loc['line'], cp_column(src_dir, loc['file'],
                                           loc['line'], loc['column']))
            got = (reg['startLine'], reg['startColumn'])
            if want != got:
                fail(f'sarif region {got} != json {want} (code points) '
                     f'for {j["message"]}')
        notes = [(c['locations'][0]['line'], c['locations'][0]['column'],
                  c['message']) for c in j['children']
                 if not c['path_hop'] and c['locations']]
        if notes != t[4]:
            fail(f'notes differ for {j["message"]}: text {t[4]}, '
                 f'json {notes}')
        if len(s.get('relatedLocations', [])) != len(j['children']):
            fail(f'sarif relatedLocations != json children for '
                 f'{j["message"]}')
        fixits = j['fixits'] + [f for c in j['children'] for f in
                                c['fixits']]
        sfix = [r for f in s.get('fixes', []) for c in f['artifactChanges']
                for r in c['replacements']]
        if not len(fixits) == len(sfix) == t[5]:
            fail(f'fix-its differ for {j["message"]}: text {t[5]}, json '
                 f'{len(fixits)}, sarif {len(sfix)}')
        for f, r in zip(fixits, sfix):
            if f['string'] != r['insertedContent']['text'] or \
                    f['start']['line'] != r['deletedRegion']['startLine']:
                fail(f'fix-it {f} != sarif {r}')
    for e in errors:
        print('FAIL:', e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())

# SPDX-License-Identifier: BSD-3-Clause
"""sarif_check.py LOG... -- checks SARIF logs against the SARIF 2.1.0
schema (sarif-schema-2.1.0.json, OASIS), as far as the objects micac
writes go: for each object, its required properties, the types (and
enums and minimums) of the properties it may carry, and no property the
schema does not define (every object there has additionalProperties
false). Transcribed by hand from the schema; no network, no schema file.
Then what micac promises on top (micac(1), DIAGNOSTICS): one run, tool
micac, ruleIndex pointing at ruleId, columnKind unicodeCodePoints,
endColumn after startColumn. Exit 0 when every log passes."""
import json
import sys

# object: (required, {property: type}), types being 'string', 'integer>=N',
# 'boolean', ('enum', ...), ('array', item_object, min_items, unique),
# or an object name. Properties micac never writes are listed with None:
# allowed by the schema, not checked further.
S = {
    'sarifLog': (['version', 'runs'], {
        'version': ('enum', '2.1.0'), '$schema': 'string',
        'runs': ('array', 'run', 0, False),
        'inlineExternalProperties': None, 'properties': None}),
    'run': (['tool'], {
        'tool': 'tool', 'columnKind': ('enum', 'utf16CodeUnits',
                                       'unicodeCodePoints'),
        'results': ('array', 'result', 0, False),
        'invocations': ('array', 'invocation', 0, False),
        **{k: None for k in (
            'addresses', 'artifacts', 'automationDetails', 'baselineGuid',
            'conversion', 'defaultEncoding', 'defaultSourceLanguage',
            'externalPropertyFileReferences', 'graphs', 'language',
            'logicalLocations', 'newlineSequences', 'originalUriBaseIds',
            'policies', 'properties', 'redactionTokens', 'runAggregates',
            'specialLocations', 'taxonomies', 'threadFlowLocations',
            'translations', 'versionControlProvenance', 'webRequests',
            'webResponses')}}),
    'tool': (['driver'], {'driver': 'toolComponent', 'extensions': None,
                          'properties': None}),
    'toolComponent': (['name'], {
        'name': 'string', 'version': 'string', 'informationUri': 'string',
        'rules': ('array', 'reportingDescriptor', 0, True),
        **{k: None for k in (
            'associatedComponent', 'contents', 'dottedQuadFileVersion',
            'downloadUri', 'fullDescription', 'fullName',
            'globalMessageStrings', 'guid', 'isComprehensive', 'language',
            'localizedDataSemanticVersion', 'locations',
            'minimumRequiredLocalizedDataSemanticVersion', 'notifications',
            'organization', 'product', 'productSuite', 'properties',
            'releaseDateUtc', 'semanticVersion', 'shortDescription',
            'supportedTaxonomies', 'taxa', 'translationMetadata')}}),
    'reportingDescriptor': (['id'], {
        'id': 'string', 'shortDescription': 'multiformatMessageString',
        **{k: None for k in (
            'defaultConfiguration', 'deprecatedGuids', 'deprecatedIds',
            'deprecatedNames', 'fullDescription', 'guid', 'help', 'helpUri',
            'messageStrings', 'name', 'properties', 'relationships')}}),
    'multiformatMessageString': (['text'], {
        'text': 'string', 'markdown': None, 'properties': None}),
    'result': (['message'], {
        'ruleId': 'string', 'ruleIndex': 'integer>=-1',
        'level': ('enum', 'none', 'note', 'warning', 'error'),
        'message': 'message',
        'locations': ('array', 'location', 0, False),
        'relatedLocations': ('array', 'location', 0, True),
        'fixes': ('array', 'fix', 0, True),
        **{k: None for k in (
            'analysisTarget', 'attachments', 'baselineState', 'codeFlows',
            'correlationGuid', 'fingerprints', 'graphTraversals', 'graphs',
            'guid', 'hostedViewerUri', 'kind', 'occurrenceCount',
            'partialFingerprints', 'properties', 'provenance', 'rank',
            'rule', 'stacks', 'suppressions', 'taxa', 'webRequest',
            'webResponse', 'workItemUris')}}),
    # The OASIS schema: a message has text or id (anyOf); micac: text.
    'message': (['text'], {
        'text': 'string', 'id': 'string', 'arguments': None,
        'markdown': None, 'properties': None}),
    'location': ([], {
        'id': 'integer>=-1', 'physicalLocation': 'physicalLocation',
        'message': 'message', 'annotations': None,
        'logicalLocations': None, 'properties': None,
        'relationships': None}),
    # anyOf address / artifactLocation: micac always has the latter.
    'physicalLocation': (['artifactLocation'], {
        'artifactLocation': 'artifactLocation', 'region': 'region',
        'address': None, 'contextRegion': None, 'properties': None}),
    'artifactLocation': ([], {
        'uri': 'string', 'uriBaseId': 'string', 'index': 'integer>=-1',
        'description': None, 'properties': None}),
    'region': ([], {
        'startLine': 'integer>=1', 'startColumn': 'integer>=1',
        'endLine': 'integer>=1', 'endColumn': 'integer>=1',
        **{k: None for k in (
            'byteLength', 'byteOffset', 'charLength', 'charOffset',
            'message', 'properties', 'snippet', 'sourceLanguage')}}),
    'fix': (['artifactChanges'], {
        'artifactChanges': ('array', 'artifactChange', 1, True),
        'description': 'message', 'properties': None}),
    'artifactChange': (['artifactLocation', 'replacements'], {
        'artifactLocation': 'artifactLocation',
        'replacements': ('array', 'replacement', 1, False),
        'properties': None}),
    'replacement': (['deletedRegion'], {
        'deletedRegion': 'region', 'insertedContent': 'artifactContent',
        'properties': None}),
    'artifactContent': ([], {
        'text': 'string', 'binary': None, 'rendered': None,
        'properties': None}),
    'invocation': (['executionSuccessful'], {
        'executionSuccessful': 'boolean',
        'toolExecutionNotifications': ('array', 'notification', 0, False),
        **{k: None for k in (
            'account', 'arguments', 'commandLine', 'endTimeUtc',
            'environmentVariables', 'executableLocation', 'exitCode',
            'exitCodeDescription', 'exitSignalName', 'exitSignalNumber',
            'machine', 'notificationConfigurationOverrides', 'processId',
            'processStartFailureMessage', 'properties', 'responseFiles',
            'ruleConfigurationOverrides', 'startTimeUtc', 'stderr', 'stdin',
            'stdout', 'stdoutStderr', 'toolConfigurationNotifications',
            'workingDirectory')}}),
    'notification': (['message'], {
        'message': 'message',
        'level': ('enum', 'none', 'note', 'warning', 'error'),
        'locations': ('array', 'location', 0, True),
        **{k: None for k in ('associatedRule', 'descriptor', 'exception',
                             'properties', 'threadId', 'timeUtc')}}),
}

errors = []


def fail(path, msg):
    errors.append(f'{path}: {msg}')


def check(value, kind, path):
    if kind is None:
        return
    if isinstance(kind, tuple) and kind[0] == 'enum':
        if value not in kind[1:]:
            fail(path, f'{value!r} not one of {kind[1:]}')
    elif isinstance(kind, tuple) and kind[0] == 'array':
        if not isinstance(value, list):
            return fail(path, 'not an array')
        if len(value) < kind[2]:
            fail(path, f'fewer than {kind[2]} items')
        if kind[3]:
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(set(seen)) != len(seen):
                fail(path, 'items not unique')
        for i, v in enumerate(value):
            check(v, kind[1], f'{path}[{i}]')
    elif kind == 'string':
        if not isinstance(value, str):
            fail(path, 'not a string')
    elif kind == 'boolean':
        if not isinstance(value, bool):
            fail(path, 'not a boolean')
    elif kind.startswith('integer>='):
        if not isinstance(value, int) or isinstance(value, bool):
            fail(path, 'not an integer')
        elif value < int(kind[9:]):
            fail(path, f'{value} below {kind[9:]}')
    else:
        required, props = S[kind]
        if not isinstance(value, dict):
            return fail(path, f'not a {kind} object')
        for r in required:
            if r not in value:
                fail(path, f'{kind} lacks required "{r}"')
        for k, v in value.items():
            if k not in props:
                fail(path, f'"{k}" is not a property of {kind}')
            else:
                check(v, props[k], f'{path}.{k}')


def promises(log, path):
    """What micac(1) says of its log, beyond the schema."""
    if len(log.get('runs', [])) != 1:
        return fail(path, 'not exactly one run')
    run = log['runs'][0]
    drv = run['tool']['driver']
    if drv.get('name') != 'micac' or not drv.get('version'):
        fail(path, 'tool.driver is not micac with a version')
    if run.get('columnKind') != 'unicodeCodePoints':
        fail(path, 'columnKind is not unicodeCodePoints')
    rules = drv.get('rules', [])
    for i, r in enumerate(run.get('results', [])):
        p = f'{path}.results[{i}]'
        if r.get('level') not in ('error', 'warning'):
            fail(p, 'a result that is neither error nor warning')
        k = r.get('ruleIndex', -1)
        if not 0 <= k < len(rules) or rules[k]['id'] != r.get('ruleId'):
            fail(p, 'ruleIndex does not name ruleId')
        locs = r.get('locations', []) + r.get('relatedLocations', [])
        regions = [lc['physicalLocation'].get('region') for lc in locs]
        for f in r.get('fixes', []):
            for c in f['artifactChanges']:
                regions += [x['deletedRegion'] for x in c['replacements']]
        for g in regions:
            if g and (g['endLine'], g['endColumn']) < (g['startLine'],
                                                      g['startColumn']):
                fail(p, f'region ends before it starts: {g}')


def main():
    for name in sys.argv[1:]:
        with open(name, 'rb') as f:
            raw = f.read()
        try:
            log = json.loads(raw.decode('utf-8'))
        except (UnicodeDecodeError, ValueError) as e:
            fail(name, f'not UTF-8 JSON: {e}')
            continue
        check(log, 'sarifLog', name)
        promises(log, name)
    for e in errors:
        print('FAIL:', e)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())

// SPDX-License-Identifier: BSD-3-Clause
// The Mica extension: starts `micac lsp` (the executable of the setting
// mica.server.path) for .mica files and talks to it over standard input
// and output with vscode-languageclient.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
	const command = vscode.workspace.getConfiguration('mica')
		.get('server.path', 'micac');
	const server = { command, args: ['lsp'] };
	client = new LanguageClient('mica', 'Mica', {
		run: server,
		debug: server,
	}, {
		documentSelector: [
			{ scheme: 'file', language: 'mica' },
			{ scheme: 'untitled', language: 'mica' },
		],
	});
	return client.start();
}

function deactivate() {
	return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

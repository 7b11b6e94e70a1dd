" SPDX-License-Identifier: BSD-3-Clause
" Vim syntax file for Mica policies (mica(5)): keywords, comments, digest
" and hex literals, numbers with '_' separators, size units. The keyword
" lists equal the lexer's (src/lexer/lexer.l); tests/lsp/editors.py
" compares them.
if exists("b:current_syntax")
  finish
endif

" Identifiers may hold '-': 'my-realm' is one word, no keyword inside.
syn iskeyword @,48-57,_,-

syn keyword micaStatement policy version hash realm region allow
syn keyword micaItem measurement rpv trust strict limit
syn keyword micaConstant trusted distrustful untrusted true false
syn keyword micaConstant protected unprotected host any
syn keyword micaTransfer hostcall mmio psci ripas paging
syn keyword micaUnit B KiB MiB GiB
" sha256 and sha512 are keywords unless a ':' makes them a digest.
syn match micaType "\<\(sha256\|sha512\)\>:\@!"

syn match micaDigest "\<sha\(256\|512\):\x*\>"
syn match micaHexString "\<hex:\x*\>"
syn match micaNumber "\<0[xX]\x\(_\?\x\)*\>"
syn match micaNumber "\<\d\(_\?\d\)*\>"

syn keyword micaTodo contained TODO FIXME XXX
syn region micaComment start="//" end="$" contains=micaTodo,@Spell
syn region micaComment start="/\*" end="\*/" contains=micaTodo,@Spell

hi def link micaStatement Statement
hi def link micaItem Identifier
hi def link micaConstant Constant
hi def link micaTransfer Keyword
hi def link micaUnit Type
hi def link micaType Type
hi def link micaDigest String
hi def link micaHexString String
hi def link micaNumber Number
hi def link micaTodo Todo
hi def link micaComment Comment

let b:current_syntax = "mica"

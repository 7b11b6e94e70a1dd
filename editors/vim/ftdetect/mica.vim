" SPDX-License-Identifier: BSD-3-Clause
" Mica policy files: *.mica.
autocmd BufRead,BufNewFile *.mica setfiletype mica

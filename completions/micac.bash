# SPDX-License-Identifier: BSD-3-Clause
# bash completion for micac(1), the Mica policy compiler.
# Installed as share/bash-completion/completions/micac. The commands and
# options are those of `micac COMMAND --help` (tests/completions.sh keeps
# the two equal).

_micac_options()
{
	case $1 in
	check)      echo "-Werror --max-errors= --diagnostics-format= --color= --help" ;;
	compile)    echo "-o --depfile --list-outputs --sign-key -Werror --max-errors= --diagnostics-format= --color= --help" ;;
	graph)      echo "-o -T --color= --help" ;;
	dump)       echo "--json --help" ;;
	verify)     echo "--token --platform-key --challenge --reference --require-all --min-version --revoked --reference-key --ear --ear-key --help" ;;
	inspect)    echo "--json --help" ;;
	lsp)        echo "--stdio --help" ;;
	explain)    echo "--json --help" ;;
	diff)       echo "--json --help" ;;
	fmt)        echo "--check -w --diff --help" ;;
	--dump=*)   echo "--color= --help" ;;
	esac
}

_micac()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd=${COMP_WORDS[1]} i

	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "check compile graph dump verify inspect
			lsp explain diff fmt
			--dump=ast --dump=ir --help --version" -- "$cur"))
		return
	fi
	# A value after an option that takes one.
	case $prev in
	-o)
		if [ "$cmd" = compile ]; then
			COMPREPLY=($(compgen -d -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return ;;
	-T)
		COMPREPLY=($(compgen -W "dot svg png" -- "$cur"))
		return ;;
	--depfile|--token|--platform-key|--reference|--sign-key|--reference-key|--ear|--ear-key)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--revoked)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--challenge|--min-version)
		return ;;
	esac
	# The values of --diagnostics-format= and --color=.
	case $cur in
	--diagnostics-format=*)
		COMPREPLY=($(compgen -P --diagnostics-format= -W "text json sarif" -- "${cur#*=}"))
		return ;;
	--color=*)
		COMPREPLY=($(compgen -P --color= -W "auto always never" -- "${cur#*=}"))
		return ;;
	esac
	# After "--", operands only.
	for ((i = 2; i < COMP_CWORD; i++)); do
		[ "${COMP_WORDS[i]}" = -- ] && break
	done
	if [ "$i" -eq "$COMP_CWORD" ] && [ "${cur:0:1}" = - ]; then
		COMPREPLY=($(compgen -W "$(_micac_options "$cmd")" -- "$cur"))
		# --max-errors= and the like take their value after the '='.
		case ${COMPREPLY[*]} in
		--max-errors=|--diagnostics-format=|--color=)
			compopt -o nospace 2>/dev/null ;;
		esac
		return
	fi
	case $cmd in
	check|compile|graph|fmt|--dump=*)
		COMPREPLY=($(compgen -f -X '!*.mica' -- "$cur") $(compgen -d -- "$cur")) ;;
	dump)
		COMPREPLY=($(compgen -f -X '!*.blob' -- "$cur") $(compgen -d -- "$cur")) ;;
	inspect)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	explain|diff)
		COMPREPLY=($(compgen -f -X '!*.mica' -- "$cur") $(compgen -d -- "$cur")) ;;
	esac
}
complete -F _micac micac

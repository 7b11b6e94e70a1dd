# SPDX-License-Identifier: BSD-3-Clause
# bash completion for mica-fvp(1), the Mica platform model.
# Installed as share/bash-completion/completions/mica-fvp. The commands
# and options are those of `mica-fvp COMMAND --help` (tests/completions.sh
# keeps the two equal).

_mica_fvp_options()
{
	case $1 in
	run)        echo "--out --adopt-measurements --memory --quiet --fault --help" ;;
	measure)    echo "--help" ;;
	script)     echo "-v --verbose --help" ;;
	esac
}

_mica_fvp()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd=${COMP_WORDS[1]} i

	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "run measure script --help --version" \
			-- "$cur"))
		return
	fi
	case $prev in
	--out)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--fault)
		COMPREPLY=($(compgen -W "starve: token results plaintext:" \
			-- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	--memory)
		return ;;
	esac
	for ((i = 2; i < COMP_CWORD; i++)); do
		[ "${COMP_WORDS[i]}" = -- ] && break
	done
	if [ "$i" -eq "$COMP_CWORD" ] && [ "${cur:0:1}" = - ]; then
		COMPREPLY=($(compgen -W "$(_mica_fvp_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	run|measure)
		COMPREPLY=($(compgen -f -X '!*.mica' -- "$cur") $(compgen -d -- "$cur")) ;;
	script)
		COMPREPLY=($(compgen -f -X '!*.scn' -- "$cur") $(compgen -d -- "$cur")) ;;
	esac
}
complete -F _mica_fvp mica-fvp

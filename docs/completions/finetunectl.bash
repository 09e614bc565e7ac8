#!/bin/bash

__finetunectl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__finetunectl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__finetunectl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__finetunectl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_finetunectl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __finetunectl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    validate|prepare|submit|submissions|submission|cancel-submission|track|untrack|list|status|events|watch|checkpoints|metrics|cancel|pause|resume|models|delete-model|chat|deploy|deployments|undeploy|daemon-status|migrate|compare|help)
        # Offer subcommand argument completions
        "_finetunectl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'validate prepare submit submissions submission cancel-submission track untrack list status events watch checkpoints metrics cancel pause resume models delete-model chat deploy deployments undeploy daemon-status migrate compare help' -- "${cur}"))
        ;;
    esac
}

_finetunectl_validate() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--model --validation --format --epochs --price --token-limit --max-problems --workers)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--model')
        return
        ;;
    '--validation')
        return
        ;;
    '--format')
        __finetunectl_add_completions -W 'auto'$'\n''chat'$'\n''dpo'$'\n''rft'
        return
        ;;
    '--epochs')
        return
        ;;
    '--price')
        return
        ;;
    '--token-limit')
        return
        ;;
    '--max-problems')
        return
        ;;
    '--workers')
        return
        ;;
    esac
}

_finetunectl_prepare() {
    repeating_flags=()
    non_repeating_flags=(--keep-duplicates --force --json --version -h --help)
    repeating_options=()
    non_repeating_options=(-o --output --system --validation-split --validation-output --input-format --prompt-column --completion-column --seed --model)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        return
        ;;
    '--system')
        return
        ;;
    '--validation-split')
        return
        ;;
    '--validation-output')
        return
        ;;
    '--input-format')
        __finetunectl_add_completions -W 'csv'$'\n''tsv'$'\n''json'$'\n''jsonl'
        return
        ;;
    '--prompt-column')
        return
        ;;
    '--completion-column')
        return
        ;;
    '--seed')
        return
        ;;
    '--model')
        return
        ;;
    esac
}

_finetunectl_submit() {
    repeating_flags=()
    non_repeating_flags=(--wait --yes -y --quiet --by-path --json --version -h --help)
    repeating_options=(--metadata)
    non_repeating_options=(--model --validation --account --method --epochs --batch-size --learning-rate-multiplier --beta --suffix --seed --grader --max-cost --training-type --confirm-above --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--model')
        return
        ;;
    '--validation')
        return
        ;;
    '--account')
        return
        ;;
    '--method')
        return
        ;;
    '--epochs')
        return
        ;;
    '--batch-size')
        return
        ;;
    '--learning-rate-multiplier')
        return
        ;;
    '--beta')
        return
        ;;
    '--suffix')
        return
        ;;
    '--seed')
        return
        ;;
    '--metadata')
        return
        ;;
    '--grader')
        return
        ;;
    '--max-cost')
        return
        ;;
    '--training-type')
        return
        ;;
    '--confirm-above')
        return
        ;;
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -o plusdirs -fX '!*.@(jsonl)'
        return
        ;;
    esac
}

_finetunectl_submissions() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--limit --socket)
    __finetunectl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--limit')
        return
        ;;
    '--socket')
        return
        ;;
    esac
}

_finetunectl_submission() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac
}

_finetunectl_cancel-submission() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac
}

_finetunectl_track() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--account --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--account')
        return
        ;;
    '--socket')
        return
        ;;
    esac
}

_finetunectl_untrack() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion untrack -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=(--status)
    non_repeating_options=(--account --since --limit --socket)
    __finetunectl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--status')
        __finetunectl_add_completions -W 'validating_files'$'\n''queued'$'\n''running'$'\n''paused'$'\n''succeeded'$'\n''failed'$'\n''cancelled'
        return
        ;;
    '--account')
        return
        ;;
    '--since')
        return
        ;;
    '--limit')
        return
        ;;
    '--socket')
        return
        ;;
    esac
}

_finetunectl_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion status -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_events() {
    repeating_flags=()
    non_repeating_flags=(-f --follow --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--after --limit --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--after')
        return
        ;;
    '--limit')
        return
        ;;
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion events -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_watch() {
    repeating_flags=()
    non_repeating_flags=(--quiet --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion watch -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_checkpoints() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion checkpoints -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_metrics() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--width --height --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--width')
        return
        ;;
    '--height')
        return
        ;;
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion metrics -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_cancel() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion cancel -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_pause() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion pause -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_resume() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion resume -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_models() {
    repeating_flags=()
    non_repeating_flags=(--all --retiring --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac
}

_finetunectl_delete-model() {
    repeating_flags=()
    non_repeating_flags=(-y --yes --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion delete-model -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_chat() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--system --temperature --max-tokens --socket)
    __finetunectl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--system')
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion chat -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_deploy() {
    repeating_flags=()
    non_repeating_flags=(--wait --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--name --sku --capacity --account --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--name')
        return
        ;;
    '--sku')
        return
        ;;
    '--capacity')
        return
        ;;
    '--account')
        return
        ;;
    '--socket')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __finetunectl_add_completions -W "$(__finetunectl_custom_complete ---completion deploy -- positional@0 "${COMP_CWORD}" "$(__finetunectl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_finetunectl_deployments() {
    repeating_flags=()
    non_repeating_flags=(--all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac
}

_finetunectl_undeploy() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--account --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--account')
        return
        ;;
    '--socket')
        return
        ;;
    esac
}

_finetunectl_daemon-status() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--socket)
    __finetunectl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    esac
}

_finetunectl_migrate() {
    repeating_flags=()
    non_repeating_flags=(--all-retiring --dry-run --wait --quiet -q --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--to --model --training-type --training-file --validation-file --socket)
    __finetunectl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--to')
        return
        ;;
    '--model')
        return
        ;;
    '--training-type')
        return
        ;;
    '--training-file')
        __finetunectl_add_completions -o plusdirs -fX '!*.@(jsonl)'
        return
        ;;
    '--validation-file')
        __finetunectl_add_completions -o plusdirs -fX '!*.@(jsonl)'
        return
        ;;
    '--socket')
        return
        ;;
    esac
}

_finetunectl_compare() {
    repeating_flags=()
    non_repeating_flags=(--quiet -q --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--data --limit --concurrency --report --temperature --max-completion-tokens --socket)
    __finetunectl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--data')
        __finetunectl_add_completions -o plusdirs -fX '!*.@(jsonl)'
        return
        ;;
    '--limit')
        return
        ;;
    '--concurrency')
        return
        ;;
    '--report')
        __finetunectl_add_completions -o plusdirs -fX '!*.@(jsonl)'
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-completion-tokens')
        return
        ;;
    '--socket')
        return
        ;;
    esac
}

_finetunectl_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __finetunectl_offer_flags_options -1
}

complete -o filenames -F _finetunectl finetunectl

#compdef finetunectl

__finetunectl_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__finetunectl_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __finetunectl_complete "${completions[@]:0:-1}"
    fi
}

__finetunectl_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_finetunectl() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'validate:Check a training JSONL file and estimate billed tokens and cost (no daemon needed).'
            'prepare:Convert CSV, TSV, JSON or legacy prompt/completion JSONL to chat JSONL, then check it (no daemon needed).'
            'submit:Submit a training file to finetuned: it validates, uploads and starts the job, then tracks it.'
            'submissions:List submissions, newest first: state, attempts, last error, next attempt and job.'
            'submission:Show one submission: its state, attempts, last error, next attempt and job.'
            'cancel-submission:Cancel a submission whose job does not exist yet (a created job is cancelled with `cancel JOB`).'
            'track:Start tracking a job created elsewhere (the dashboard, another tool).'
            'untrack:Stop polling a job; finetuned keeps what it has stored (`track` starts again).'
            'list:List the jobs finetuned keeps, newest first (from its store; the API is not asked).'
            'status:Show one job as finetuned last saw it.'
            'events:Print a job'\''s events, oldest first; with --follow, then each new one until the job ends.'
            'watch:Follow jobs until they end (all unfinished tracked jobs when none are named).'
            'checkpoints:List a job'\''s checkpoints (usable models at given steps).'
            'metrics:Draw a job'\''s loss curve (training * and validation o, by step) and summarise it.'
            'cancel:Cancel a job.'
            'pause:Pause a running job.'
            'resume:Resume a paused job.'
            'models:List the fine-tuned models made by the jobs finetuned keeps.'
            'delete-model:Delete a fine-tuned model at the API (needs the Owner role; it cannot be undone).'
            'chat:Send a message to a fine-tuned model, named directly or by the job that made it, and print the reply.'
            'deploy:Deploy a fine-tuned model on Azure OpenAI (it costs money every hour until undeployed).'
            'deployments:List Azure deployments: state, hosting cost since creation, and deletion warnings.'
            'undeploy:Delete an Azure deployment (the model stays; its hourly fee stops).'
            'daemon-status:Show how finetuned is doing: its accounts'\'' health, job counts, polling, database.'
            'migrate:Submit a succeeded job again on another account, before its model retires.'
            'compare:Ask two models the same held-out questions and score their answers against the references.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        validate|prepare|submit|submissions|submission|cancel-submission|track|untrack|list|status|events|watch|checkpoints|metrics|cancel|pause|resume|models|delete-model|chat|deploy|deployments|undeploy|daemon-status|migrate|compare|help)
            "_finetunectl_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_finetunectl_validate() {
    local -i ret=1
    local -ar ___format=('auto' 'chat' 'dpo' 'rft')
    local -ar arg_specs=(
        ':file:'
        '--model[Base model (picks the encoding, the per-example limit and the price).]:model:'
        '--validation[A validation JSONL file to check alongside (and against) the training file.]:validation:'
        '--format[Line format\: auto, chat, dpo or rft.]:format:{__finetunectl_complete "${___format[@]}"}'
        '--epochs[Epochs\: a number from 1 to 50, or auto (OpenAI'\''s default rule).]:epochs:'
        '--price[Override the training price in USD per 1M tokens for this model.]:price:'
        '--token-limit[Override the model'\''s per-example token limit.]:token-limit:'
        '--max-problems[Keep at most this many problems in the report.]:max-problems:'
        '--workers[Worker threads (default\: all cores).]:workers:'
        '--json[Print the report as JSON.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_prepare() {
    local -i ret=1
    local -ar ___input_format=('csv' 'tsv' 'json' 'jsonl')
    local -ar arg_specs=(
        ':input:'
        '(-o --output)'{-o,--output}'[The chat JSONL file to write.]:output:'
        '--system[A system message put first in every example.]:system:'
        '--validation-split[Fraction of examples (0 to below 1) written to the validation file.]:validation-split:'
        '--validation-output[The validation file (default\: <output>_valid.jsonl).]:validation-output:'
        '--input-format[Input format when the extension does not tell\: csv, tsv, json or jsonl.]:input-format:{__finetunectl_complete "${___input_format[@]}"}'
        '--prompt-column[Column or key holding the user'\''s text.]:prompt-column:'
        '--completion-column[Column or key holding the assistant'\''s answer.]:completion-column:'
        '--keep-duplicates[Keep duplicate examples.]'
        '--seed[Seed for the train/validation split (same seed, same split).]:seed:'
        '--model[Base model to check the result against.]:model:'
        '--force[Replace output files that exist (never the input).]'
        '--json[Print the conversion and validation reports as JSON.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_submit() {
    local -i ret=1
    local -ar arg_specs=(
        ':file:_files -g '\''*.jsonl'\'''
        '--model[The base model (or a fine-tuned model to continue from).]:model:'
        '--validation[A validation JSONL file.]:validation:'
        '--account[The account (a \[Account\] section of finetuned'\''s configuration; default\: the first).]:account:'
        '--method[The method\: supervised, dpo or reinforcement.]:method:'
        '--epochs[Epochs (1…50; default\: auto).]:epochs:'
        '--batch-size[Batch size (default\: auto).]:batch-size:'
        '--learning-rate-multiplier[Learning-rate multiplier (default\: auto).]:learning-rate-multiplier:'
        '--beta[DPO beta (default\: auto).]:beta:'
        '--suffix[A suffix for the fine-tuned model'\''s name (up to 64 characters).]:suffix:'
        '--seed[The training seed.]:seed:'
        '*--metadata[Job metadata; repeat for more.]:key=value:'
        '--grader[A JSON file with the grader (reinforcement fine-tuning).]:grader:'
        '--max-cost[Refuse to upload when the estimated cost in USD is above this.]:max-cost:'
        '--training-type[Azure accounts\: the training tier (globalstandard, standard or developer).]:type:'
        '--wait[Follow the submission until its job ends (through any waits for the API); the exit code says how it ended.]'
        '(--yes -y)'{--yes,-y}'[Do not ask before an expensive submit.]'
        '--confirm-above[On a terminal, ask before submitting when the estimated cost is above this (USD; default 25, or $FINETUNECTL_CONFIRM_ABOVE).]:usd:'
        '--quiet[No progress on standard error when it is not a terminal.]'
        '--by-path[Send the files'\'' paths instead of the open files; finetuned must be able to read them itself.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_submissions() {
    local -i ret=1
    local -ar arg_specs=(
        '--limit[At most this many submissions (1…1000).]:limit:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_submission() {
    local -i ret=1
    local -ar arg_specs=(
        ':id:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_cancel-submission() {
    local -i ret=1
    local -ar arg_specs=(
        ':id:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_track() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:'
        '--account[The account the job belongs to (default\: the first configured).]:account:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_untrack() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion untrack -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_list() {
    local -i ret=1
    local -ar ___status=('validating_files' 'queued' 'running' 'paused' 'succeeded' 'failed' 'cancelled')
    local -ar arg_specs=(
        '*--status[Only jobs with this status (validating_files, queued, running, paused, succeeded, failed, cancelled); repeat for more.]:status:{__finetunectl_complete "${___status[@]}"}'
        '--account[Only jobs of this account.]:account:'
        '--since[Only jobs created within this long (90s, 15m, 6h, 2d).]:duration:'
        '--limit[At most this many jobs.]:limit:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_status() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion status -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_events() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion events -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '(-f --follow)'{-f,--follow}'[Keep printing new events until the job ends.]'
        '--after[Only events after this event id.]:event-id:'
        '--limit[At most this many stored events.]:limit:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_watch() {
    local -i ret=1
    local -ar arg_specs=(
        '*:jobs:{__finetunectl_custom_complete ---completion watch -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--quiet[No progress on standard error when it is not a terminal.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_checkpoints() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion checkpoints -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_metrics() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion metrics -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--width[The curve'\''s width in columns.]:width:'
        '--height[The curve'\''s height in rows.]:height:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_cancel() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion cancel -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_pause() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion pause -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_resume() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:{__finetunectl_custom_complete ---completion resume -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_models() {
    local -i ret=1
    local -ar arg_specs=(
        '--all[Include deleted models.]'
        '--retiring[Only models with a shutdown or training end date, fewest days left first.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_delete-model() {
    local -i ret=1
    local -ar arg_specs=(
        ':model:{__finetunectl_custom_complete ---completion delete-model -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '(-y --yes)'{-y,--yes}'[Do not ask for confirmation.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_chat() {
    local -i ret=1
    local -ar arg_specs=(
        ':model-or-job:{__finetunectl_custom_complete ---completion chat -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        ':message:'
        '--system[A system message sent first.]:system:'
        '--temperature[Sampling temperature (0…2).]:temperature:'
        '--max-tokens[At most this many tokens in the reply.]:max-tokens:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_deploy() {
    local -i ret=1
    local -ar arg_specs=(
        ':model-or-job:{__finetunectl_custom_complete ---completion deploy -- positional@0 "${current_word_index}" "$(__finetunectl_cursor_index_in_current_word)"}'
        '--name[The deployment'\''s name (what chat requests name); default\: derived from the model.]:name:'
        '--sku[GlobalStandard, Standard or Developer.]:sku:'
        '--capacity[Capacity units (default 1; 50 for Developer).]:capacity:'
        '--account[The account, when the model is not one finetuned knows.]:account:'
        '--wait[Wait until the deployment has succeeded or failed.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_deployments() {
    local -i ret=1
    local -ar arg_specs=(
        '--all[Include deleted, failed and vanished deployments.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_undeploy() {
    local -i ret=1
    local -ar arg_specs=(
        ':name:'
        '--account[The account, when several have a deployment of that name.]:account:'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_daemon-status() {
    local -i ret=1
    local -ar arg_specs=(
        '(-v --verbose)'{-v,--verbose}'[Show each account'\''s last API error in full.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_migrate() {
    local -i ret=1
    local -ar arg_specs=(
        ':job:'
        '--all-retiring[Migrate every job whose model has a shutdown date (see `models --retiring`).]'
        '--dry-run[Only show what would be migrated, to which base, at what estimated cost.]'
        '--to[The target account (a \[Account\] section of finetuned'\''s configuration).]:to:'
        '--model[The base model to train on (default\: the job'\''s base, or its nearest equivalent the target can fine-tune).]:model:'
        '--training-type[Azure'\''s training type\: Standard, GlobalStandard or Developer.]:training-type:'
        '--training-file[The training JSONL file, when finetuned keeps no copy of the job'\''s data.]:training-file:_files -g '\''*.jsonl'\'''
        '--validation-file[The validation JSONL file (needed with --training-file when the job had one).]:validation-file:_files -g '\''*.jsonl'\'''
        '--wait[Wait for the new job to end, showing its progress.]'
        '(--quiet -q)'{--quiet,-q}'[No progress on standard error.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_compare() {
    local -i ret=1
    local -ar arg_specs=(
        ':model-a:'
        ':model-b:'
        '--data[Held-out chat JSONL\: each example'\''s last assistant message is the reference.]:data:_files -g '\''*.jsonl'\'''
        '--limit[Compare at most this many examples (from the top).]:limit:'
        '--concurrency[Requests in flight at once.]:concurrency:'
        '--report[Where to write the side-by-side JSONL report.]:report:_files -g '\''*.jsonl'\'''
        '--temperature[Sampling temperature sent with each request.]:temperature:'
        '--max-completion-tokens[The longest answer, in tokens (default\: the API'\''s).]:max-completion-tokens:'
        '(--quiet -q)'{--quiet,-q}'[No progress on standard error.]'
        '--socket[The daemon'\''s control socket (default\: $FINETUNED_SOCKET, else /run/finetuned/control.sock).]:path:'
        '--json[Print JSON instead of tables (streams print one JSON object per line).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_finetunectl_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _finetunectl ]]; then
    _finetunectl "${@}"
else
    compdef _finetunectl finetunectl
fi

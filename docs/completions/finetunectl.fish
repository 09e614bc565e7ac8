function __finetunectl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __finetunectl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __finetunectl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __finetunectl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __finetunectl_parse_tokens -S
    set -l unparsed_tokens (__finetunectl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'finetunectl'
        __finetunectl_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'validate'
            __finetunectl_parse_subcommand 1 'model=' 'validation=' 'format=' 'epochs=' 'price=' 'token-limit=' 'max-problems=' 'workers=' 'json' 'version' 'h/help'
        case 'prepare'
            __finetunectl_parse_subcommand 1 'o/output=' 'system=' 'validation-split=' 'validation-output=' 'input-format=' 'prompt-column=' 'completion-column=' 'keep-duplicates' 'seed=' 'model=' 'force' 'json' 'version' 'h/help'
        case 'submit'
            __finetunectl_parse_subcommand 1 'model=' 'validation=' 'account=' 'method=' 'epochs=' 'batch-size=' 'learning-rate-multiplier=' 'beta=' 'suffix=' 'seed=' 'metadata=+' 'grader=' 'max-cost=' 'training-type=' 'wait' 'y/yes' 'confirm-above=' 'quiet' 'by-path' 'socket=' 'json' 'version' 'h/help'
        case 'submissions'
            __finetunectl_parse_subcommand 0 'limit=' 'socket=' 'json' 'version' 'h/help'
        case 'submission'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'cancel-submission'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'track'
            __finetunectl_parse_subcommand 1 'account=' 'socket=' 'json' 'version' 'h/help'
        case 'untrack'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'list'
            __finetunectl_parse_subcommand 0 'status=+' 'account=' 'since=' 'limit=' 'socket=' 'json' 'version' 'h/help'
        case 'status'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'events'
            __finetunectl_parse_subcommand 1 'f/follow' 'after=' 'limit=' 'socket=' 'json' 'version' 'h/help'
        case 'watch'
            __finetunectl_parse_subcommand -r 1 'quiet' 'socket=' 'json' 'version' 'h/help'
        case 'checkpoints'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'metrics'
            __finetunectl_parse_subcommand 1 'width=' 'height=' 'socket=' 'json' 'version' 'h/help'
        case 'cancel'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'pause'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'resume'
            __finetunectl_parse_subcommand 1 'socket=' 'json' 'version' 'h/help'
        case 'models'
            __finetunectl_parse_subcommand 0 'all' 'retiring' 'socket=' 'json' 'version' 'h/help'
        case 'delete-model'
            __finetunectl_parse_subcommand 1 'y/yes' 'socket=' 'json' 'version' 'h/help'
        case 'chat'
            __finetunectl_parse_subcommand 2 'system=' 'temperature=' 'max-tokens=' 'socket=' 'json' 'version' 'h/help'
        case 'deploy'
            __finetunectl_parse_subcommand 1 'name=' 'sku=' 'capacity=' 'account=' 'wait' 'socket=' 'json' 'version' 'h/help'
        case 'deployments'
            __finetunectl_parse_subcommand 0 'all' 'socket=' 'json' 'version' 'h/help'
        case 'undeploy'
            __finetunectl_parse_subcommand 1 'account=' 'socket=' 'json' 'version' 'h/help'
        case 'daemon-status'
            __finetunectl_parse_subcommand 0 'v/verbose' 'socket=' 'json' 'version' 'h/help'
        case 'migrate'
            __finetunectl_parse_subcommand 1 'all-retiring' 'dry-run' 'to=' 'model=' 'training-type=' 'training-file=' 'validation-file=' 'wait' 'q/quiet' 'socket=' 'json' 'version' 'h/help'
        case 'compare'
            __finetunectl_parse_subcommand 2 'data=' 'limit=' 'concurrency=' 'report=' 'temperature=' 'max-completion-tokens=' 'q/quiet' 'socket=' 'json' 'version' 'h/help'
        case 'help'
            __finetunectl_parse_subcommand -r 1 'version'
        end
    end
end

function __finetunectl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __finetunectl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __finetunectl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __finetunectl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__finetunectl_tokens -p)
    if test -z "$(__finetunectl_tokens -t)"
        set -l index (count (__finetunectl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'finetunectl' -f
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'validate' -d 'Check a training JSONL file and estimate billed tokens and cost (no daemon needed).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'prepare' -d 'Convert CSV, TSV, JSON or legacy prompt/completion JSONL to chat JSONL, then check it (no daemon needed).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'submit' -d 'Submit a training file to finetuned: it validates, uploads and starts the job, then tracks it.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'submissions' -d 'List submissions, newest first: state, attempts, last error, next attempt and job.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'submission' -d 'Show one submission: its state, attempts, last error, next attempt and job.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'cancel-submission' -d 'Cancel a submission whose job does not exist yet (a created job is cancelled with `cancel JOB`).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'track' -d 'Start tracking a job created elsewhere (the dashboard, another tool).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'untrack' -d 'Stop polling a job; finetuned keeps what it has stored (`track` starts again).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'list' -d 'List the jobs finetuned keeps, newest first (from its store; the API is not asked).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'status' -d 'Show one job as finetuned last saw it.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'events' -d 'Print a job\'s events, oldest first; with --follow, then each new one until the job ends.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'watch' -d 'Follow jobs until they end (all unfinished tracked jobs when none are named).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'checkpoints' -d 'List a job\'s checkpoints (usable models at given steps).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'metrics' -d 'Draw a job\'s loss curve (training * and validation o, by step) and summarise it.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'cancel' -d 'Cancel a job.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'pause' -d 'Pause a running job.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'resume' -d 'Resume a paused job.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'models' -d 'List the fine-tuned models made by the jobs finetuned keeps.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'delete-model' -d 'Delete a fine-tuned model at the API (needs the Owner role; it cannot be undone).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'chat' -d 'Send a message to a fine-tuned model, named directly or by the job that made it, and print the reply.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'deploy' -d 'Deploy a fine-tuned model on Azure OpenAI (it costs money every hour until undeployed).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'deployments' -d 'List Azure deployments: state, hosting cost since creation, and deletion warnings.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'undeploy' -d 'Delete an Azure deployment (the model stays; its hourly fee stops).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'daemon-status' -d 'Show how finetuned is doing: its accounts\' health, job counts, polling, database.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'migrate' -d 'Submit a succeeded job again on another account, before its model retires.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'compare' -d 'Ask two models the same held-out questions and score their answers against the references.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" model' -l 'model' -d 'Base model (picks the encoding, the per-example limit and the price).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" validation' -l 'validation' -d 'A validation JSONL file to check alongside (and against) the training file.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" format' -l 'format' -d 'Line format: auto, chat, dpo or rft.' -rfka 'auto chat dpo rft'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" epochs' -l 'epochs' -d 'Epochs: a number from 1 to 50, or auto (OpenAI\'s default rule).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" price' -l 'price' -d 'Override the training price in USD per 1M tokens for this model.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" token-limit' -l 'token-limit' -d 'Override the model\'s per-example token limit.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" max-problems' -l 'max-problems' -d 'Keep at most this many problems in the report.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" workers' -l 'workers' -d 'Worker threads (default: all cores).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" json' -l 'json' -d 'Print the report as JSON.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl validate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" o output' -s 'o' -l 'output' -d 'The chat JSONL file to write.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" system' -l 'system' -d 'A system message put first in every example.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" validation-split' -l 'validation-split' -d 'Fraction of examples (0 to below 1) written to the validation file.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" validation-output' -l 'validation-output' -d 'The validation file (default: <output>_valid.jsonl).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" input-format' -l 'input-format' -d 'Input format when the extension does not tell: csv, tsv, json or jsonl.' -rfka 'csv tsv json jsonl'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" prompt-column' -l 'prompt-column' -d 'Column or key holding the user\'s text.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" completion-column' -l 'completion-column' -d 'Column or key holding the assistant\'s answer.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" keep-duplicates' -l 'keep-duplicates' -d 'Keep duplicate examples.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" seed' -l 'seed' -d 'Seed for the train/validation split (same seed, same split).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" model' -l 'model' -d 'Base model to check the result against.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" force' -l 'force' -d 'Replace output files that exist (never the input).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" json' -l 'json' -d 'Print the conversion and validation reports as JSON.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl prepare" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl submit" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" model' -l 'model' -d 'The base model (or a fine-tuned model to continue from).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" validation' -l 'validation' -d 'A validation JSONL file.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" account' -l 'account' -d 'The account (a [Account] section of finetuned\'s configuration; default: the first).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" method' -l 'method' -d 'The method: supervised, dpo or reinforcement.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" epochs' -l 'epochs' -d 'Epochs (1…50; default: auto).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" batch-size' -l 'batch-size' -d 'Batch size (default: auto).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" learning-rate-multiplier' -l 'learning-rate-multiplier' -d 'Learning-rate multiplier (default: auto).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" beta' -l 'beta' -d 'DPO beta (default: auto).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" suffix' -l 'suffix' -d 'A suffix for the fine-tuned model\'s name (up to 64 characters).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" seed' -l 'seed' -d 'The training seed.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit"' -l 'metadata' -d 'Job metadata; repeat for more.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" grader' -l 'grader' -d 'A JSON file with the grader (reinforcement fine-tuning).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" max-cost' -l 'max-cost' -d 'Refuse to upload when the estimated cost in USD is above this.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" training-type' -l 'training-type' -d 'Azure accounts: the training tier (globalstandard, standard or developer).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" wait' -l 'wait' -d 'Follow the submission until its job ends (through any waits for the API); the exit code says how it ended.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" y yes' -l 'yes' -s 'y' -d 'Do not ask before an expensive submit.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" confirm-above' -l 'confirm-above' -d 'On a terminal, ask before submitting when the estimated cost is above this (USD; default 25, or $FINETUNECTL_CONFIRM_ABOVE).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" quiet' -l 'quiet' -d 'No progress on standard error when it is not a terminal.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" by-path' -l 'by-path' -d 'Send the files\' paths instead of the open files; finetuned must be able to read them itself.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submissions" limit' -l 'limit' -d 'At most this many submissions (1…1000).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submissions" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submissions" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submissions" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submissions" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submission" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submission" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submission" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl submission" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel-submission" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel-submission" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel-submission" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel-submission" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl track" account' -l 'account' -d 'The account the job belongs to (default: the first configured).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl track" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl track" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl track" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl track" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl untrack" -eq 1' -fka '(__finetunectl_custom_completion ---completion untrack -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl untrack" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl untrack" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl untrack" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl untrack" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list"' -l 'status' -d 'Only jobs with this status (validating_files, queued, running, paused, succeeded, failed, cancelled); repeat for more.' -rfka 'validating_files queued running paused succeeded failed cancelled'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" account' -l 'account' -d 'Only jobs of this account.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" since' -l 'since' -d 'Only jobs created within this long (90s, 15m, 6h, 2d).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" limit' -l 'limit' -d 'At most this many jobs.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl status" -eq 1' -fka '(__finetunectl_custom_completion ---completion status -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl status" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl status" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl status" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl events" -eq 1' -fka '(__finetunectl_custom_completion ---completion events -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" f follow' -s 'f' -l 'follow' -d 'Keep printing new events until the job ends.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" after' -l 'after' -d 'Only events after this event id.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" limit' -l 'limit' -d 'At most this many stored events.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl events" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl watch" -ge 1' -fka '(__finetunectl_custom_completion ---completion watch -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl watch" quiet' -l 'quiet' -d 'No progress on standard error when it is not a terminal.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl watch" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl watch" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl watch" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl checkpoints" -eq 1' -fka '(__finetunectl_custom_completion ---completion checkpoints -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl checkpoints" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl checkpoints" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl checkpoints" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl checkpoints" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl metrics" -eq 1' -fka '(__finetunectl_custom_completion ---completion metrics -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl metrics" width' -l 'width' -d 'The curve\'s width in columns.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl metrics" height' -l 'height' -d 'The curve\'s height in rows.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl metrics" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl metrics" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl metrics" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl metrics" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl cancel" -eq 1' -fka '(__finetunectl_custom_completion ---completion cancel -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl pause" -eq 1' -fka '(__finetunectl_custom_completion ---completion pause -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl pause" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl pause" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl pause" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl pause" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl resume" -eq 1' -fka '(__finetunectl_custom_completion ---completion resume -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl resume" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl resume" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl resume" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl resume" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl models" all' -l 'all' -d 'Include deleted models.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl models" retiring' -l 'retiring' -d 'Only models with a shutdown or training end date, fewest days left first.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl models" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl models" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl models" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl models" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl delete-model" -eq 1' -fka '(__finetunectl_custom_completion ---completion delete-model -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl delete-model" y yes' -s 'y' -l 'yes' -d 'Do not ask for confirmation.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl delete-model" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl delete-model" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl delete-model" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl delete-model" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl chat" -eq 1' -fka '(__finetunectl_custom_completion ---completion chat -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" system' -l 'system' -d 'A system message sent first.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" temperature' -l 'temperature' -d 'Sampling temperature (0…2).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" max-tokens' -l 'max-tokens' -d 'At most this many tokens in the reply.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl chat" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_positional "finetunectl deploy" -eq 1' -fka '(__finetunectl_custom_completion ---completion deploy -- positional@0 (count (__finetunectl_tokens -pc)) (__finetunectl_tokens -tC))'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" name' -l 'name' -d 'The deployment\'s name (what chat requests name); default: derived from the model.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" sku' -l 'sku' -d 'GlobalStandard, Standard or Developer.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" capacity' -l 'capacity' -d 'Capacity units (default 1; 50 for Developer).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" account' -l 'account' -d 'The account, when the model is not one finetuned knows.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" wait' -l 'wait' -d 'Wait until the deployment has succeeded or failed.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deploy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deployments" all' -l 'all' -d 'Include deleted, failed and vanished deployments.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deployments" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deployments" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deployments" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl deployments" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl undeploy" account' -l 'account' -d 'The account, when several have a deployment of that name.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl undeploy" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl undeploy" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl undeploy" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl undeploy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl daemon-status" v verbose' -s 'v' -l 'verbose' -d 'Show each account\'s last API error in full.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl daemon-status" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl daemon-status" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl daemon-status" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl daemon-status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" all-retiring' -l 'all-retiring' -d 'Migrate every job whose model has a shutdown date (see `models --retiring`).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" dry-run' -l 'dry-run' -d 'Only show what would be migrated, to which base, at what estimated cost.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" to' -l 'to' -d 'The target account (a [Account] section of finetuned\'s configuration).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" model' -l 'model' -d 'The base model to train on (default: the job\'s base, or its nearest equivalent the target can fine-tune).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" training-type' -l 'training-type' -d 'Azure\'s training type: Standard, GlobalStandard or Developer.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" training-file' -l 'training-file' -d 'The training JSONL file, when finetuned keeps no copy of the job\'s data.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" validation-file' -l 'validation-file' -d 'The validation JSONL file (needed with --training-file when the job had one).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" wait' -l 'wait' -d 'Wait for the new job to end, showing its progress.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" q quiet' -l 'quiet' -s 'q' -d 'No progress on standard error.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" data' -l 'data' -d 'Held-out chat JSONL: each example\'s last assistant message is the reference.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" limit' -l 'limit' -d 'Compare at most this many examples (from the top).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" concurrency' -l 'concurrency' -d 'Requests in flight at once.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" report' -l 'report' -d 'Where to write the side-by-side JSONL report.' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'jsonl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" temperature' -l 'temperature' -d 'Sampling temperature sent with each request.' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" max-completion-tokens' -l 'max-completion-tokens' -d 'The longest answer, in tokens (default: the API\'s).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" q quiet' -l 'quiet' -s 'q' -d 'No progress on standard error.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" socket' -l 'socket' -d 'The daemon\'s control socket (default: $FINETUNED_SOCKET, else /run/finetuned/control.sock).' -rfka ''
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" json' -l 'json' -d 'Print JSON instead of tables (streams print one JSON object per line).'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" version' -l 'version' -d 'Show the version.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl compare" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'finetunectl' -n '__finetunectl_should_offer_completions_for_flags_or_options "finetunectl help" version' -l 'version' -d 'Show the version.'

/// # TrainingData
///
/// Checks OpenAI fine-tuning files before anything is uploaded: what is wrong (line, key path,
/// code, message), how many tokens will be billed, and what that costs. Used by the daemon's
/// submit path and by `finetunectl validate` / `prepare` without a daemon.
///
/// - ``TrainingFileValidator/validate(url:validation:options:)`` → ``ValidationReport``
///   (Codable, snake_case): streaming, constant memory, all cores; never throws for bad data.
/// - ``Tokenizer`` / ``BPEEncoding`` / ``Encoding/forModel(_:)``: exact tiktoken counts
///   (o200k_base, cl100k_base) from the packaged rank files (checked by gzip's CRC-32).
/// - ``CostEstimator`` with a ``PriceTable`` (shipped defaults, overridable) and ``Epochs``.
/// - ``DatasetConverter``: CSV/TSV/JSON/legacy JSONL → chat JSONL, system prompt, de-duplication,
///   deterministic split.
///
/// Folders: `Tokenizer/` (rank table, pre-tokenizer, BPE), `JSON/` (tape parser), `Reading/`
/// (chunked line reader), `Validation/` (checks, report), `Cost/`, `Conversion/`.
public enum TrainingDataModule {}

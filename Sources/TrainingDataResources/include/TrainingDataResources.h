// The tokenizer's rank files (tiktoken/) as a SwiftPM resource bundle,
// finetuned_TrainingDataResources.resources. The target is C, with no code, so that SwiftPM
// generates no Swift `Bundle.module` accessor: that accessor imports Foundation, and in
// TrainingData it made every object of the module link libFoundation (issue 14). TrainingData
// finds the files through InstalledResources.ResourceDirectory instead.

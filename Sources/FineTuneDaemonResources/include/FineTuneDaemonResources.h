// The daemon's data files as a SwiftPM resource bundle, finetuned_FineTuneDaemonResources.resources:
// the Varlink interface descriptions (Interfaces/*.varlink) and the announced model retirements
// (Announced/model-retirements.txt). The target is C, with no code, so that SwiftPM generates no
// Swift `Bundle.module` accessor: that accessor imports Foundation, and in FineTuneDaemon it made
// the daemon load libFoundation and ICU (issue 14). FineTuneDaemon finds the files through
// InstalledResources.ResourceDirectory instead.

import JobStore

/// The store's job status, named apart from the API client's `JobStatus` (the module `JobStore`
/// shares its name with its main class, so `JobStore.JobStatus` cannot name it elsewhere).
typealias StoreJobStatus = JobStatus

/// How training files go to the API (`[Daemon] MultipartUploadThreshold=`, `UploadPartSize=`).
public struct UploadOptions: Sendable, Equatable {
    /// The Files API's limit for one request, and the largest threshold allowed.
    public static let filesAPILimit: Int64 = 512 << 20
    /// The Uploads API's limit for one part (openai-python sends 64 MiB parts).
    public static let maxPartSize: Int64 = 64 << 20
    /// The Uploads API's limit for one upload (8 GB).
    public static let maxUploadBytes: Int64 = 8 << 30

    /// Files larger than this many bytes go through the Uploads API, in parts that survive a
    /// restart; smaller ones in one Files API request. At most `filesAPILimit`.
    public var multipartThreshold: Int64 = filesAPILimit
    /// The size of each part but the last, 1 byte … `maxPartSize`.
    public var partSize: Int64 = maxPartSize

    public init() {}
}

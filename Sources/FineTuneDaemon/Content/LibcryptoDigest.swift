import CCrypto

/// An incremental digest from OpenSSL's libcrypto (EVP interface): SHA-256 for content and
/// upload keys, MD5 for the multipart checksums OpenAI asks for. Feed it the bytes in any number
/// of pieces, then take the lowercase hex digest once. The daemon's only hash implementation; the
/// simulator keeps its own MD5 so that the two check each other.
///
/// Not `Sendable`: one hasher belongs to one reader, on one thread.
final class LibcryptoDigest {
    /// The algorithms the daemon uses.
    enum Algorithm: String, Sendable {
        case sha256
        case md5
    }

    let algorithm: Algorithm
    private let context: OpaquePointer

    /// - Throws: ``ContentStoreError/hashing(_:)`` when libcrypto cannot set up a context.
    init(_ algorithm: Algorithm) throws(ContentStoreError) {
        self.algorithm = algorithm
        guard let context = EVP_MD_CTX_new() else { throw .hashing("\(algorithm): EVP_MD_CTX_new failed") }
        let method =
            switch algorithm {
            case .sha256: EVP_sha256()
            case .md5: EVP_md5()
            }
        guard EVP_DigestInit_ex(context, method, nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .hashing("\(algorithm): EVP_DigestInit_ex failed")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The digest of everything fed so far, as lowercase hex digits (64 for SHA-256, 32 for MD5).
    /// Call it once.
    func hexDigest() throws(ContentStoreError) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length > 0 else {
            throw .hashing("\(algorithm): EVP_DigestFinal_ex failed")
        }
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(Int(length) * 2)
        for byte in digest[0..<Int(length)] {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

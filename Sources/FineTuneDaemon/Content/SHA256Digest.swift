import CCrypto

/// An incremental SHA-256 (OpenSSL's libcrypto, EVP interface): feed it the bytes in any number
/// of pieces, then take the lowercase hex digest once.
///
/// Not `Sendable`: one hasher belongs to one copy, on one thread.
final class SHA256Digest {
    private let context: OpaquePointer

    /// - Throws: ``ContentStoreError`` when libcrypto cannot set up a SHA-256 context.
    init() throws(ContentStoreError) {
        guard let context = EVP_MD_CTX_new() else { throw .hashing("EVP_MD_CTX_new failed") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .hashing("EVP_DigestInit_ex failed")
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

    /// The digest of everything fed so far, as 64 lowercase hex digits.
    func hexDigest() throws(ContentStoreError) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
            throw .hashing("EVP_DigestFinal_ex failed")
        }
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

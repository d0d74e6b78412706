extension RPCCall {
    /// The flavors DittoFS implements.
    public static let supportedAuthFlavors: Set<RPCAuthFlavor> = [.none, .sys]

    /// Checks the credential and verifier and decodes the credential.
    ///
    /// Rules (see ``RPCAuthStat`` for the reasoning):
    /// - a flavor DittoFS does not implement (anything but `AUTH_NONE` and
    ///   `AUTH_SYS`): `AUTH_BADCRED`, as the Linux server answers;
    /// - an implemented flavor not in `accepting`: `AUTH_TOOWEAK`;
    /// - an `AUTH_SYS` body that does not decode (machine name over 255 bytes,
    ///   more than 16 groups, short body): `AUTH_BADCRED`;
    /// - a verifier whose flavor is not `AUTH_NONE`: `AUTH_BADVERF` (both
    ///   flavors use an `AUTH_NONE` verifier).
    ///
    /// The body of an `AUTH_NONE` credential and of the verifier is ignored
    /// (RFC 5531 only recommends it be empty).
    ///
    /// - Parameter accepting: the flavors this program or export accepts; the NULL
    ///   procedure conventionally accepts any implemented flavor.
    public func authenticate(
        accepting: Set<RPCAuthFlavor> = RPCCall.supportedAuthFlavors
    ) throws(RPCAuthError) -> RPCCredential {
        let flavor = credential.flavor
        guard Self.supportedAuthFlavors.contains(flavor) else {
            throw RPCAuthError(stat: .badCredential, detail: "unsupported credential flavor \(flavor)")
        }
        guard accepting.contains(flavor) else {
            throw RPCAuthError(stat: .tooWeak, detail: "credential flavor \(flavor) not accepted")
        }
        guard verifier.flavor == .none else {
            throw RPCAuthError(stat: .badVerifier, detail: "verifier flavor \(verifier.flavor) with \(flavor)")
        }
        if flavor == .none { return .none }
        do {
            return .sys(try AuthSys(decoding: credential.body))
        } catch {
            throw RPCAuthError(stat: .badCredential, detail: "AUTH_SYS body: \(error)")
        }
    }
}

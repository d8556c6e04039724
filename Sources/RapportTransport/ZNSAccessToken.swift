import Foundation
import RapportCore

/// The access token of one Zalo app, shared by every worker of this daemon: read from the store,
/// renewed when Zalo refuses it or before it expires — once for the whole daemon (workers that
/// find a renewal under way wait for it) and once across daemons (the store's lease on the row).
///
/// The renewed refresh token is written to the store as soon as the answer is read, before the
/// access token is used. The window left: a crash after Zalo answered and before that write
/// loses the new refresh token, and the old one is spent; `rapport zns set-refresh-token` with a
/// new one from Zalo recovers.
actor ZNSAccessToken {
    private let vault: any ZNSTokenVault
    private let appID: String
    private let owner: String
    private let oauth: SerialSession<HTTPSession>
    private let secretKey: HTTPHeader
    private let clock: any WallClock
    /// How long one renewal may take before another may try.
    private let renewalLease: TimeInterval
    private var cached: ZNSTokens?
    /// Renewed tokens the store has not taken yet: kept, and written again at the next use.
    private var unsaved: ZNSTokens?
    private var renewal: Task<Result<String, TransportError>, Never>?

    init(
        vault: any ZNSTokenVault, appID: String, owner: String, oauth: HTTPTransport.Settings, secretKey: String,
        clock: any WallClock
    ) throws(TransportError) {
        self.vault = vault
        self.appID = appID
        self.owner = owner
        self.oauth = SerialSession(try HTTPSession(settings: oauth), label: "rapport.zns-oauth")
        self.secretKey = HTTPHeader(name: "secret_key", value: secretKey)
        self.clock = clock
        renewalLease = Double(oauth.timeout.components.seconds) * 2 + 5
    }

    /// A token to send with, renewing it first when it is missing or about to expire.
    func current() async -> Result<String, TransportError> {
        await keepUnsaved()
        if let token = cached?.usableAccessToken(at: clock.now) { return .success(token) }
        switch read() {
        case .failure(let error): return .failure(error)
        case .success(let tokens):
            cached = tokens ?? cached
            if let token = cached?.usableAccessToken(at: clock.now) { return .success(token) }
        }
        return await renew(replacing: cached?.accessToken)
    }

    /// A new token after Zalo refused `rejected`; a renewal another worker or daemon made
    /// meanwhile is taken as it is.
    func renew(replacing rejected: String?) async -> Result<String, TransportError> {
        if let renewal { return await renewal.value }
        if case .success(let tokens?) = read(), let token = tokens.usableAccessToken(at: clock.now), token != rejected {
            cached = tokens
            return .success(token)
        }
        let task = Task { await self.renewAcrossDaemons(replacing: rejected) }
        renewal = task
        let result = await task.value
        renewal = nil
        return result
    }

    private func renewAcrossDaemons(replacing rejected: String?) async -> Result<String, TransportError> {
        let giveUp = clock.now.addingTimeInterval(renewalLease)
        while true {
            let now = clock.now
            let leased: ZNSTokens?
            do {
                leased = try vault.beginRenewal(
                    appID: appID, owner: owner, until: now.addingTimeInterval(renewalLease), at: now)
            } catch {
                return .failure(
                    TransportError(.temporary, reply: "cannot read the Zalo tokens from the store: \(error)"))
            }
            if let leased { return await renew(from: leased, replacing: rejected) }
            switch read() {
            case .failure(let error): return .failure(error)
            case .success(nil):
                return .failure(
                    TransportError(
                        .configuration,
                        reply:
                            "no refresh token for Zalo app \(appID); give one with rapport zns set-refresh-token"))
            case .success(let tokens?):
                if let token = tokens.usableAccessToken(at: clock.now), token != rejected {
                    cached = tokens
                    return .success(token)
                }
            }
            guard clock.now < giveUp else {
                return .failure(
                    TransportError(.temporary, reply: "another daemon has been renewing the Zalo access token too long")
                )
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Spends the refresh token under the lease and keeps the answer at once.
    private func renew(from leased: ZNSTokens, replacing rejected: String?) async -> Result<String, TransportError> {
        if let token = leased.usableAccessToken(at: clock.now), token != rejected {
            // Renewed by another daemon between our read and the lease.
            try? vault.abandonRenewal(appID: appID, owner: owner)
            cached = leased
            return .success(token)
        }
        let request = APIRequest(
            body: ZNSAnswers.renewalForm(appID: appID, refreshToken: leased.refreshToken),
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
                HTTPHeader(name: "Accept", value: "application/json"),
            ])
        let secretKey = secretKey
        let answer = await oauth.perform { $0.post(request, credential: secretKey) }
        let renewed = answer.flatMap { ZNSAnswers.renewal($0, at: self.clock.now) }
        switch renewed {
        case .failure(let error):
            try? vault.abandonRenewal(appID: appID, owner: owner)
            return .failure(
                TransportError(error.code, reply: error.reply.redacting([leased.refreshToken, secretKey.value])))
        case .success(let tokens):
            cached = tokens
            unsaved = tokens
            await keepUnsaved()
            return .success(tokens.accessToken ?? "")
        }
    }

    /// Writes renewed tokens the store has not taken yet; the lease on the row ends with them.
    private func keepUnsaved() async {
        guard let tokens = unsaved else { return }
        for attempt in 0..<20 {
            if (try? vault.finishRenewal(appID: appID, owner: owner, tokens: tokens, at: clock.now)) != nil {
                unsaved = nil
                return
            }
            // Awaited, not slept: the actor's thread belongs to Swift's shared pool.
            if attempt < 19 { try? await Task.sleep(for: .milliseconds(100)) }
        }
    }

    private func read() -> Result<ZNSTokens?, TransportError> {
        do {
            return .success(try vault.tokens(appID: appID))
        } catch {
            return .failure(TransportError(.temporary, reply: "cannot read the Zalo tokens from the store: \(error)"))
        }
    }
}

import ControlAPI
import ControlModels
import ControlStore
import Foundation
import ServerRuntime
import Testing

@Suite struct PureTests {
    @Test func loginLimiterSlidingWindow() {
        var l = LoginLimiter(window: 60)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        #expect(l.retryAfter("a", limit: 2, now: t0) == nil)
        l.recordFailure("a", now: t0)
        l.recordFailure("a", now: t0.addingTimeInterval(10))
        #expect(l.retryAfter("a", limit: 2, now: t0.addingTimeInterval(11)) == 49)
        #expect(l.retryAfter("b", limit: 2, now: t0.addingTimeInterval(11)) == nil, "per address")
        #expect(l.retryAfter("a", limit: 2, now: t0.addingTimeInterval(60)) == nil, "the oldest left the window")
        #expect(l.retryAfter("a", limit: 3, now: t0.addingTimeInterval(11)) == nil)
    }

    @Test func problemMapping() {
        let cases: [(any Error, Int)] = [
            (ControlStoreError.notFound("x"), 404), (ControlStoreError.alreadyExists("x"), 409),
            (ControlStoreError.inUse("x"), 409), (ControlStoreError.invalid("x"), 400), (ControlStoreError.backend("x"), 503),
            (RuntimeError(.rejected, "x"), 422), (RuntimeError(.failed, "x"), 409), (RuntimeError(.notFound, "x"), 404),
            (ControlError(.forbidden, "x"), 403), (ControlError(.unauthorized, "x"), 401), (ControlError(.invalid, "x"), 400),
        ]
        for (e, status) in cases {
            let p = ProblemMapping.problem(for: e, instance: "/i")
            #expect(p.status == status, "\(e)")
            #expect(p.detail == "x" && p.instance == "/i" && p.type.hasPrefix("https://dittofs.dev/problems/"))
        }
        #expect(ProblemMapping.problem(for: ControlStoreError.inUse("x")).type.hasSuffix("/in-use"))
    }

    @Test func redaction() {
        let c = JSON.object([
            "password": .string("p"), "secret_access_key": .string("s"), "access_key_id": .string("AKIA"),
            "dsn": .string("host=db user=u password=hunter2 dbname=x"), "path": .string("/d"),
            "nested": .object(["token": .string("t"), "url": .string("postgres://u:pw@h/db")]),
        ])
        let r = Redaction.redact(c)
        let text = r.text
        for secret in ["hunter2", "\"p\"", "\"s\"", "\"t\"", "pw@"] { #expect(!text.contains(secret), "\(secret) leaked: \(text)") }
        #expect(r["access_key_id"] == .string("AKIA") && r["path"] == .string("/d"))
        #expect(r["dsn"] == .string("host=db user=u password=******** dbname=x"))
        #expect(r["nested"]?["url"] == .string("postgres://u:********@h/db"))
    }
}

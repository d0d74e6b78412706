import ControlModels
import ControlStore
import Hummingbird
import NIOCore
import ServerRuntime

/// Every error the API can meet, turned into an RFC 7807 problem document.
/// Pure, so the mapping is tested table by table.
public enum ProblemMapping {
    public static func problem(for error: any Error, instance: String? = nil) -> Problem {
        switch error {
        case let p as Problem:
            return p
        case let e as ControlStoreError:
            let status = switch e.kind {
            case .notFound: 404
            case .alreadyExists, .inUse, .conflict: 409
            case .invalid: 400
            case .backend: 503
            }
            return make(status, slug(e.kind.rawValue), e.message, instance)
        case let e as RuntimeError:
            let (status, s) = switch e.kind {
            case .notFound: (404, "not-found")
            case .conflict: (409, "conflict")
            case .rejected: (422, "rejected-by-plugin")
            case .failed: (409, "could-not-apply")
            }
            return make(status, s, e.message, instance)
        case let e as ControlError:
            let (status, s) = switch e.kind {
            case .invalid: (400, "invalid")
            case .forbidden: (403, "forbidden")
            case .conflict: (409, "conflict")
            case .notFound: (404, "not-found")
            case .unauthorized: (401, "unauthorized")
            case .tooManyRequests: (429, "too-many-requests")
            }
            return make(status, s, e.message, instance)
        case let e as RateLimited:
            return make(429, "too-many-requests", e.description, instance)
        case is NIOTooManyBytesError:
            return make(413, "body-too-large", "the request body is larger than 1 MiB", instance)
        case let e as HTTPError:
            return make(Int(e.status.code), "http", e.body ?? e.status.reasonPhrase, instance)
        case is DecodingError:
            return make(400, "invalid-body", describe(error as! DecodingError), instance)
        default:
            return make(500, "internal", "internal error: \(error)", instance)
        }
    }

    static func slug(_ kind: String) -> String {
        var out = ""
        for c in kind {
            if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    static func make(_ status: Int, _ slug: String, _ detail: String, _ instance: String?) -> Problem {
        Problem(type: "https://dittofs.dev/problems/\(slug)", title: title(status), status: status, detail: detail, instance: instance)
    }

    static func title(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 503: "Service Unavailable"
        default: status >= 500 ? "Internal Server Error" : "Error"
        }
    }

    /// A decoding error as one line naming the field.
    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String {
            c.isEmpty ? "the body" : c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let k, let ctx): return "missing field \"\(path(ctx.codingPath + [k]))\""
        case .typeMismatch(let t, let ctx): return "\(path(ctx.codingPath)): expected \(t)"
        case .valueNotFound(let t, let ctx): return "\(path(ctx.codingPath)): expected \(t), got null"
        case .dataCorrupted(let ctx):
            let under = (ctx.underlyingError.map { " (\($0.localizedDescription))" } ?? "")
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)\(under)"
        @unknown default: return "malformed body"
        }
    }
}

/// The REST API's routes, for the server's router and the client. All
/// under `/api/v1` except the health checks. Every route but login,
/// refresh, health and the OpenAPI document needs
/// `Authorization: Bearer <access token>`; "admin" routes answer 403 to
/// users.
///
/// | method | path | body → reply | who |
/// |---|---|---|---|
/// | POST | /auth/login | LoginRequest → TokenPair | anyone (rate-limited) |
/// | POST | /auth/refresh | RefreshRequest → TokenPair | anyone |
/// | POST | /auth/logout | → 204 | any user |
/// | GET | /users | → [User] | admin |
/// | POST | /users | UserCreate → User (201) | admin |
/// | GET | /users/me | → User | any user |
/// | POST | /users/me/password | PasswordChange → 204 | any user |
/// | GET/PATCH/DELETE | /users/{name} | UserUpdate → User / 204 | admin |
/// | GET/POST | /groups | GroupCreate → Group (201) | admin |
/// | GET/PATCH/DELETE | /groups/{name} | GroupUpdate → Group / 204 | admin |
/// | PUT/DELETE | /groups/{name}/members/{user} | → Group | admin |
/// | GET/POST | /shares | ShareCreate → Share (201) | admin |
/// | GET/PATCH/DELETE | /shares/{name} | ShareUpdate → Share / 204 | admin |
/// | GET/PUT | /shares/{name}/permissions | Permission → [Permission] | admin |
/// | DELETE | /shares/{name}/permissions/{kind}/{principal} | → 204 | admin |
/// | GET/POST | /stores/{kind} | StoreCreate → Store (201) | admin |
/// | GET/DELETE | /stores/{kind}/{name} | → Store / 204 (409 while used) | admin |
/// | GET | /adapters | → [Adapter] | admin |
/// | GET/PATCH | /adapters/{type} | AdapterConfig → Adapter | admin |
/// | POST | /adapters/{type}/enable | AdapterConfig → Adapter | admin |
/// | POST | /adapters/{type}/disable | → Adapter | admin |
/// | GET | /plugins | → [Plugin] | admin |
/// | POST | /plugins/rescan | → PluginRescan | admin |
/// | GET | /settings | → [Setting] | admin |
/// | GET/PUT | /settings/{key} | SettingValue → Setting | admin |
/// | GET | /status | → ServerStatus | admin |
/// | GET | /openapi.json | → OpenAPI 3 document | anyone |
/// | GET | /health, /health/ready (no /api/v1 prefix) | → Health | anyone |
public enum APIPath {
    public static let prefix = "/api/v1"

    /// `name` percent-encoded for one path segment ("/export" → "%2Fexport").
    public static func segment(_ name: String) -> String {
        var allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        allowed.remove(UInt8(ascii: "/"))
        var out = ""
        for b in name.utf8 {
            if allowed.contains(b) { out.append(Character(UnicodeScalar(b))) }
            else { out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) }
        }
        return out
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

import Foundation
import PluginABI
import PluginKit
import S3Kit
import Testing

/// Runs `body`, expecting a PluginError with `code` whose message contains every `words`.
func expectPluginError(_ code: some BinaryInteger, _ words: [String], _ body: () throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("no error; wanted \(code) mentioning \(words)", sourceLocation: sourceLocation)
    } catch let e as PluginError {
        #expect(e.code == dfs_status(code), "\(e.message)", sourceLocation: sourceLocation)
        for w in words { #expect(e.message.contains(w), "\"\(e.message)\" should mention \(w)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("not a PluginError: \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("S3 config")
struct ConfigTests {
    static let base = #""endpoint":"http://127.0.0.1:9000","bucket":"b-1","access_key_id":"k","secret_access_key":"s""#
    func parse(_ extra: String = "", env: [String: String] = [:]) throws -> S3Config {
        try S3Config.parse("{" + Self.base + extra + "}", environment: env)
    }

    @Test func defaults() throws {
        let c = try parse()
        #expect(c.endpoint == S3Endpoint(https: false, host: "127.0.0.1", port: 9000))
        #expect(c.region == "us-east-1")
        #expect(c.addressing == .path)
        #expect(c.prefix == "")
        #expect(c.credentials == AWSCredentials(accessKeyID: "k", secretAccessKey: "s"))
        #expect(c.multipartThreshold == 16 << 20 && c.partSize == 8 << 20)
        #expect(c.retry.maxRetries == 4)
    }

    @Test func awsDefaultEndpointIsVirtualHosted() throws {
        let c = try S3Config.parse(#"{"bucket":"abc","region":"eu-west-3","access_key_id":"k","secret_access_key":"s"}"#, environment: [:])
        #expect(c.endpoint.description == "https://s3.eu-west-3.amazonaws.com")
        #expect(c.addressing == .virtual)
    }

    @Test func unknownKeyIsNamed() {
        expectPluginError(DFS_ERR_INVAL, ["\"bogus\""]) { _ = try parse(#","bogus":1"#) }
    }

    @Test(arguments: ["ftp://h", "http://", "127.0.0.1:9000", "http://h/path", "http://h:0", "http://h:99999",
                      "http://h:x", "http://u@h", "http://h?x=1", "http://h h"])
    func badEndpoint(_ url: String) {
        expectPluginError(DFS_ERR_INVAL, ["\"endpoint\"", url]) {
            _ = try S3Config.parse(#"{"endpoint":""# + url + #"","bucket":"abc","access_key_id":"k","secret_access_key":"s"}"#, environment: [:])
        }
    }

    @Test func goodEndpoints() throws {
        #expect(try S3Endpoint.parse("https://s3.example.com/").get() == S3Endpoint(https: true, host: "s3.example.com", port: nil))
        #expect(try S3Endpoint.parse("http://[::1]:9000").get() == S3Endpoint(https: false, host: "[::1]", port: 9000))
    }

    @Test func missingBucket() {
        expectPluginError(DFS_ERR_INVAL, ["missing required key \"bucket\""]) {
            _ = try S3Config.parse(#"{"endpoint":"http://h","access_key_id":"k","secret_access_key":"s"}"#, environment: [:])
        }
        expectPluginError(DFS_ERR_INVAL, ["\"bucket\"", "empty"]) { _ = try S3Config.parse(#"{"bucket":"","access_key_id":"k","secret_access_key":"s"}"#, environment: [:]) }
    }

    @Test(arguments: ["ab", "Upper", "-lead", "has_underscore", String(repeating: "a", count: 64)])
    func badBucketNames(_ name: String) {
        expectPluginError(DFS_ERR_INVAL, ["\"bucket\"", name]) {
            _ = try S3Config.parse(#"{"bucket":""# + name + #"","access_key_id":"k","secret_access_key":"s"}"#, environment: [:])
        }
    }

    @Test func badValues() {
        expectPluginError(DFS_ERR_INVAL, ["\"addressing\""]) { _ = try parse(#","addressing":"sideways""#) }
        expectPluginError(DFS_ERR_INVAL, ["\"part_size\""]) { _ = try parse(#","part_size":1024"#) }
        expectPluginError(DFS_ERR_INVAL, ["\"multipart_threshold\""]) { _ = try parse(#","multipart_threshold":100000000"#) }
        expectPluginError(DFS_ERR_INVAL, ["\"max_retries\""]) { _ = try parse(#","max_retries":-1"#) }
        expectPluginError(DFS_ERR_INVAL, ["\"multipart_concurrency\""]) { _ = try parse(#","multipart_concurrency":0"#) }
        expectPluginError(DFS_ERR_INVAL, ["\"region\""]) { _ = try parse(#","region":"us east""#) }
        expectPluginError(DFS_ERR_INVAL, ["\"prefix\""]) { _ = try parse(#","prefix":"a\u0001""#) }
        expectPluginError(DFS_ERR_INVAL, ["\"prefix\""]) { _ = try parse(#","prefix":""# + String(repeating: "p", count: 300) + "\"") }
        expectPluginError(DFS_ERR_INVAL, ["\"connect_timeout_ms\"", "integer"]) { _ = try parse(#","connect_timeout_ms":"fast""#) }
    }

    @Test func credentialsFromEnvironment() throws {
        let c = try S3Config.parse(#"{"bucket":"abc"}"#, environment: [
            "AWS_ACCESS_KEY_ID": "ek", "AWS_SECRET_ACCESS_KEY": "es", "AWS_SESSION_TOKEN": "et"])
        #expect(c.credentials == AWSCredentials(accessKeyID: "ek", secretAccessKey: "es", sessionToken: "et"))
        #expect(c.credentialsSource == "environment")
    }

    @Test func configCredentialsWinOverEnvironment() throws {
        let c = try parse(env: ["AWS_ACCESS_KEY_ID": "ek", "AWS_SECRET_ACCESS_KEY": "es"])
        #expect(c.credentials.accessKeyID == "k")
    }

    @Test func noCredentials() {
        expectPluginError(DFS_ERR_INVAL, ["no credentials", "AWS_ACCESS_KEY_ID"]) {
            _ = try S3Config.parse(#"{"bucket":"abc"}"#, environment: [:])
        }
        expectPluginError(DFS_ERR_INVAL, ["\"secret_access_key\""]) {
            _ = try S3Config.parse(#"{"bucket":"abc","access_key_id":"k"}"#, environment: [:])
        }
    }

    @Test func credentialsFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-s3-creds-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        # comment
        [default]
        aws_access_key_id = dk
        aws_secret_access_key = ds

        [other]
        aws_access_key_id=ok
        aws_secret_access_key=os
        aws_session_token=ot
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let d = try S3Config.parse(#"{"bucket":"abc","credentials_file":""# + path + "\"}", environment: [:])
        #expect(d.credentials == AWSCredentials(accessKeyID: "dk", secretAccessKey: "ds"))
        let o = try S3Config.parse(#"{"bucket":"abc","credentials_file":""# + path + #"","profile":"other"}"#, environment: [:])
        #expect(o.credentials == AWSCredentials(accessKeyID: "ok", secretAccessKey: "os", sessionToken: "ot"))
        let e = try S3Config.parse(#"{"bucket":"abc","credentials_file":""# + path + "\"}", environment: ["AWS_PROFILE": "other"])
        #expect(e.credentials.accessKeyID == "ok")
        expectPluginError(DFS_ERR_INVAL, ["\"credentials_file\"", "[missing]"]) {
            _ = try S3Config.parse(#"{"bucket":"abc","credentials_file":""# + path + #"","profile":"missing"}"#, environment: [:])
        }
        expectPluginError(DFS_ERR_INVAL, ["\"credentials_file\"", "cannot read"]) {
            _ = try S3Config.parse(#"{"bucket":"abc","credentials_file":"/nonexistent/creds"}"#, environment: [:])
        }
    }
}

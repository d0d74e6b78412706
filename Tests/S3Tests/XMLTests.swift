import S3Kit
import Testing

@Suite("S3 XML")
struct XMLTests {
    @Test func listPage() {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount>\
        <MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated>\
        <Contents><Key>p/a&amp;b</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>10</Size></Contents>\
        <Contents><Key>p/c&#x7E;&#65;</Key><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>\
        <NextContinuationToken>tok/+=</NextContinuationToken></ListBucketResult>
        """
        let page = S3XML.listPage(Substring(xml))
        #expect(page?.objects.map(\.name) == ["p/a&b", "p/c~A"])
        #expect(page?.objects.map(\.size) == [10, 0])
        #expect(page?.isTruncated == true)
        #expect(page?.nextContinuationToken == "tok/+=")
    }

    @Test func emptyListPage() {
        let page = S3XML.listPage("<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>")
        #expect(page?.objects.isEmpty == true)
        #expect(page?.isTruncated == false)
        #expect(page?.nextContinuationToken == nil)
    }

    @Test func badListPages() {
        #expect(S3XML.listPage("<Error><Code>X</Code></Error>") == nil)
        #expect(S3XML.listPage("<ListBucketResult><Contents><Key>a</Key><Size>ten</Size></Contents></ListBucketResult>") == nil)
        #expect(S3XML.listPage("<ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>") == nil)
    }

    @Test func errorBody() {
        let e = S3XML.error("<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature &lt;x&gt;</Message><RequestId>1</RequestId></Error>")
        #expect(e?.code == "SignatureDoesNotMatch")
        #expect(e?.message == "The request signature <x>")
        #expect(S3XML.error("<ListBucketResult/>") == nil)
        #expect(S3XML.error("") == nil)
    }

    @Test func elementsWithSimilarNames() {
        #expect(S3XML.all("Key", in: "<KeyCount>3</KeyCount><Key>k</Key><Keys>z</Keys>").map(String.init) == ["k"])
        #expect(S3XML.all("Key", in: "<Key/><Key a=\"1\">v</Key>").map(String.init) == ["", "v"])
        #expect(S3XML.all("Key", in: "<Key>unclosed").isEmpty)
    }

    @Test func escapeRoundTrip() {
        let s = "a&b<c>d\"e'f"
        #expect(S3XML.unescape(Substring(S3XML.escape(s))) == s)
        #expect(S3XML.unescape("&bogus; &#xZZ; &") == "&bogus; &#xZZ; &")
    }
}

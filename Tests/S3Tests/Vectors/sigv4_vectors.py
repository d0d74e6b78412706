#!/usr/bin/env python3
"""Known answers for AWS Signature Version 4 (S3), computed by botocore.

Regenerate with:  python3 Tests/S3Tests/Vectors/sigv4_vectors.py > Tests/S3Tests/Vectors/sigv4.json
(needs `pip install botocore`). Tests/S3Tests/SigV4Tests.swift signs the same
requests with S3Kit.SigV4 and must match every field byte for byte.

Each case gives the request (method, object key or bucket path, query
parameters NOT encoded, extra headers, body), the credentials and the signing
time, and botocore's canonical request, string to sign and Authorization.
"""
import datetime
import hashlib
import json
from unittest import mock
from urllib.parse import quote

import botocore.auth
import botocore.config
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CASES = [
    dict(name="get-object-path-style", method="GET", host="127.0.0.1:9000", bucket="dfs-test", key="blocks/abc",
         time=1700000000),
    dict(name="get-range-odd-key", method="GET", host="s3.eu-west-1.amazonaws.com", bucket="b1", key="a b/ü~+=&?%2F!*'()",
         headers=[("Range", "bytes=100-199")], region="eu-west-1", time=1700003600),
    dict(name="put-with-body-and-spaces", method="PUT", host="localhost:4566", bucket="bucket-x", key="p/-09AZ_az~x",
         headers=[("Content-Type", "application/octet-stream"), ("x-amz-meta-dfs-key", "  a   b\tc  ")],
         body="hello, world\n" * 100, time=1733011199),
    dict(name="list-objects-v2", method="GET", host="127.0.0.1:9000", bucket="dfs-test", key=None,
         params=[("list-type", "2"), ("prefix", "dfs/ab c+é"), ("start-after", "dfs/a~b"),
                 ("continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="), ("max-keys", "1000")],
         time=1704067200),
    dict(name="multipart-initiate", method="POST", host="127.0.0.1:9000", bucket="dfs-test", key="big/obj",
         params=[("uploads", "")], time=1704153599),
    dict(name="multipart-part", method="PUT", host="127.0.0.1:9000", bucket="dfs-test", key="big/obj",
         params=[("partNumber", "3"), ("uploadId", "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA")],
         body="x" * 5000, time=1704153600),
    dict(name="session-token", method="DELETE", host="s3.us-west-2.amazonaws.com", bucket="tok-bucket", key="k",
         region="us-west-2", token="FwoGZXIvYXdzEBYaDH+/token==", time=1710000000),
    dict(name="unsigned-payload-https", method="PUT", host="s3.amazonaws.com", bucket="secure", key="obj",
         scheme="https", unsigned=True, body="payload", time=1720000000),
    dict(name="virtual-host-head", method="HEAD", host="vbucket.s3.us-east-1.amazonaws.com", bucket=None, key="x/y.z",
         time=1730000000),
    dict(name="head-bucket", method="HEAD", host="127.0.0.1:9000", bucket="dfs-test", key=None, time=1740000000),
    dict(name="complete-multipart-xml", method="POST", host="127.0.0.1:9000", bucket="dfs-test", key="big/obj",
         params=[("uploadId", "abc")], headers=[("Content-Type", "application/xml")],
         body="<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part></CompleteMultipartUpload>",
         time=1750000000),
]


class Recording(botocore.auth.S3SigV4Auth):
    def canonical_request(self, request):
        self.creq = super().canonical_request(request)
        return self.creq

    def string_to_sign(self, request, canonical_request):
        self.sts = super().string_to_sign(request, canonical_request)
        return self.sts


def vector(c):
    region = c.get("region", "us-east-1")
    access, secret = c.get("access", "AKIDEXAMPLE"), c.get("secret", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    path = ""
    if c["bucket"]:
        path += "/" + c["bucket"]
    if c["key"] is not None:
        path += "/" + quote(c["key"], safe="/~")
    path = path or "/"
    scheme = c.get("scheme", "http")
    body = c.get("body", "").encode()
    req = AWSRequest(method=c["method"], url=f"{scheme}://{c['host']}{path}", data=body or None,
                     params=c.get("params", []))
    req.headers["host"] = c["host"]
    for k, v in c.get("headers", []):
        req.headers[k] = v
    if c.get("unsigned"):
        req.context["client_config"] = botocore.config.Config(s3={"payload_signing_enabled": False})
    auth = Recording(Credentials(access, secret, c.get("token")), "s3", region)
    now = datetime.datetime.fromtimestamp(c["time"], tz=datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch("botocore.auth.get_current_datetime", return_value=now):
        auth.add_auth(req)
    return dict(
        name=c["name"], method=c["method"], host=c["host"], path=path, key=c["key"], bucket=c["bucket"],
        query=[list(p) for p in c.get("params", [])], headers=[list(h) for h in c.get("headers", [])],
        body=body.decode(), unsigned=bool(c.get("unsigned")), region=region, access_key_id=access,
        secret_access_key=secret, session_token=c.get("token"), time=c["time"],
        amz_date=req.headers["X-Amz-Date"], content_sha256=req.headers["X-Amz-Content-SHA256"],
        canonical_request=auth.creq, string_to_sign=auth.sts, authorization=req.headers["Authorization"],
        body_sha256=hashlib.sha256(body).hexdigest(),
    )


if __name__ == "__main__":
    print(json.dumps({"generator": "botocore " + botocore.__version__, "cases": [vector(c) for c in CASES]},
                     indent=1, ensure_ascii=False))

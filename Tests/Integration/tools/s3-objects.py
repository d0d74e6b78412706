#!/usr/bin/env python3
"""s3-objects.py: what a PayloadS3 store keeps in its bucket, seen from outside dfs.

  s3-objects.py ENDPOINT BUCKET PREFIX   (credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)

Lists every object under PREFIX with boto3 (ListObjectsV2, all pages), decodes each
name back into the dfs block key (PayloadS3's order-preserving base64 over the alphabet
"-0-9A-Z_a-z", see Sources/S3Kit/KeyCodec.swift) and groups the blocks by file: the
key of block i of inode n of a share is "s<data id hex>/<ino hex>/<index hex>"
(docs/ARCHITECTURE.md). Prints one line per fact, for shell tests to grep:

  objects N
  bytes N
  undecodable N            names under PREFIX that are not block keys of a share
  file INO blocks N bytes N max_index N sizes S1,S2,...   (one line per inode; distinct
                           block sizes, most common first)

Exit status 0 when the listing worked (even when empty), 1 on any S3 error.
"""
import collections
import os
import re
import sys

import boto3

ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
REVERSE = {c: i for i, c in enumerate(ALPHABET)}
BLOCK_KEY = re.compile(rb"^s([0-9a-f]+)/([0-9a-f]+)/([0-9a-f]+)$")


def decode(text):
    """Inverse of KeyCodec.encode; None when text is not an encoding."""
    acc = bits = 0
    out = bytearray()
    for ch in text:
        v = REVERSE.get(ch)
        if v is None:
            return None
        acc = (acc << 6) | v
        bits += 6
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
            acc &= (1 << bits) - 1
    if bits >= 6 or acc != 0:  # impossible length or non-zero padding
        return None
    return bytes(out)


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    endpoint, bucket, prefix = sys.argv[1:]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      config=boto3.session.Config(s3={"addressing_style": "path"}))
    files = collections.defaultdict(list)  # ino -> [(index, size)]
    objects = total = undecodable = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for o in page.get("Contents", []):
            objects += 1
            total += o["Size"]
            key = decode(o["Key"][len(prefix):])
            m = BLOCK_KEY.match(key) if key is not None else None
            if m is None:
                undecodable += 1
                continue
            files[int(m.group(2), 16)].append((int(m.group(3), 16), o["Size"]))
    print(f"objects {objects}")
    print(f"bytes {total}")
    print(f"undecodable {undecodable}")
    for ino in sorted(files):
        blocks = files[ino]
        sizes = collections.Counter(s for _, s in blocks)
        print(f"file {ino} blocks {len(blocks)} bytes {sum(s for _, s in blocks)} "
              f"max_index {max(i for i, _ in blocks)} "
              f"sizes {','.join(str(s) for s, _ in sizes.most_common())}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # boto3/botocore errors: one clear line, exit 1
        print(f"s3-objects.py: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)

/* The RocksDB C API (Debian librocksdb-dev), imported into Swift as CRocksDB. */
#ifndef DFS_CROCKSDB_SHIM_H
#define DFS_CROCKSDB_SHIM_H
#include <rocksdb/c.h>
#endif

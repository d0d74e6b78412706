/*
 * dfs_abi.h — the DittoFS plugin ABI, version 1. Include this one header.
 *
 *   dfs_common.h    versioning rules, status codes, errors, descriptor, entry
 *   dfs_metadata.h  metadata stores (typed records in transactions)
 *   dfs_payload.h   payload stores (blocks by key)
 *   dfs_adapter.h   protocol adapters and the host services they call
 *
 * A plugin library exports exactly one symbol:
 *
 *   const dfs_plugin_descriptor *dfs_plugin_entry(const dfs_host_info *host);
 *
 * See docs/PLUGIN_GUIDE.md for a walk-through and the conformance suite.
 */
#ifndef DFS_ABI_H
#define DFS_ABI_H
#include "dfs_common.h"
#include "dfs_metadata.h"
#include "dfs_payload.h"
#include "dfs_adapter.h"
#endif
